package ai.engram.agent.maml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.env.tasks.Navigation2D;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What the environment receives from the policy's sampled actions, with and without rllab's normalize. */
class EpisodeCollectorTest {

    static final GaussianMlp POLICY = new GaussianMlp(2, new int[] {4}, 2);

    /** The largest gap between each move of the point and {@code scale * a} clipped to [-0.1, 0.1], a the stored action. */
    static double largestMismatch(boolean normalize, double scale) {
        Navigation2D.Goals family = new Navigation2D.Goals(50);
        Rollouts r = new EpisodeCollector(family, POLICY, normalize).collect(new Rollouts.Request(new Navigation2D.Goal(0.3, 0.3),
                POLICY.initialize(new SplittableRandom(2), 1.0), 3, 9));
        double worst = 0;
        int t = 0;
        for (int length : r.episodeLengths()) {
            double x = 0;
            double y = 0;
            for (int end = t + length; t < end; t++) {
                x += Math.min(Math.max(scale * r.actions()[2 * t], -0.1), 0.1);
                y += Math.min(Math.max(scale * r.actions()[2 * t + 1], -0.1), 0.1);
                if (t + 1 < end) {
                    worst = Math.max(worst, Math.abs(x - r.observations()[2 * (t + 1)]));
                    worst = Math.max(worst, Math.abs(y - r.observations()[2 * (t + 1) + 1]));
                }
            }
        }
        return worst;
    }

    @Test
    void normalizedActionsAreScaledFromMinusOneOneToTheBounds() {
        assertTrue(largestMismatch(true, 0.1) < 1e-5, "a in [-1, 1] moves the point by a / 10");
        assertTrue(largestMismatch(true, 1.0) > 0.01, "not by a itself");
    }

    @Test
    void rawActionsGoToTheEnvironmentAsSampled() {
        assertTrue(largestMismatch(false, 1.0) < 1e-5, "the environment clips a to [-0.1, 0.1]");
        assertTrue(largestMismatch(false, 0.1) > 0.01);
    }

    @Test
    void theSeedDecidesTheEpisodes() {
        EpisodeCollector collector = new EpisodeCollector(new Navigation2D.Goals(20), POLICY, true);
        double[] theta = POLICY.initialize(new SplittableRandom(2), 1.0);
        Rollouts a = collector.collect(new Rollouts.Request(new Navigation2D.Goal(0.1, 0.2), theta, 2, 5));
        Rollouts b = collector.collect(new Rollouts.Request(new Navigation2D.Goal(0.1, 0.2), theta, 2, 5));
        Rollouts c = collector.collect(new Rollouts.Request(new Navigation2D.Goal(0.1, 0.2), theta, 2, 6));
        assertEquals(a.meanReturn(), b.meanReturn());
        assertTrue(a.meanReturn() != c.meanReturn());
    }
}
