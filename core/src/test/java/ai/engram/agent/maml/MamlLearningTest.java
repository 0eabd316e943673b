package ai.engram.agent.maml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.config.Presets;
import ai.engram.config.Settings;
import ai.engram.env.tasks.Navigation2D;
import ai.engram.env.tasks.PendulumGravity;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The paper's result in miniature: a few meta-iterations on 2D navigation (a smaller network and
 * batches than the paper's) already adapt in one step far better than the random initialization.
 */
class MamlLearningTest {

    static final Function<EpisodeCollector, TrajectorySampler> LOOP = c -> TrajectorySampler.threads(c, 1);

    static MamlConfig small(String... overrides) {
        List<String> sets = new java.util.ArrayList<>(List.of("hidden=[32, 32]", "meta-batch=10", "episodes-per-task=10",
                "cg-subsample=0.2", "meta-iterations=10",
                "eval-episodes=10"));
        sets.addAll(List.of(overrides));
        return MamlConfig.from(new Settings(Presets.resolve("maml", Navigation2D.ID, sets)));
    }

    @Test
    void afewMetaIterationsAdaptInOneStepFarBetterThanTheRandomInitialization() {
        MamlConfig config = small();
        try (Maml maml = Maml.forFamily(config, Navigation2D.ID, 0, LOOP)) {
            double[] init = maml.initialTheta(0);
            double[] theta = init;
            for (int i = 0; i < config.metaIterations(); i++) {
                theta = maml.metaStep(theta, i).theta();
            }
            double[] meta = MamlEvaluation.Curve.of("MAML", maml.adaptationReturns(theta, 20, 1)).returns();
            double[] random = MamlEvaluation.Curve.of("random", maml.adaptationReturns(init, 20, 1)).returns();
            assertTrue(meta[1] > random[1] + 20, "after one step: MAML " + meta[1] + ", random initialization " + random[1]);
            assertTrue(meta[1] > meta[0], "one step improves MAML's policy: " + meta[0] + " -> " + meta[1]);
        }
    }

    @Test
    void theSecondFamilyMetaTrainsToo() {
        MamlConfig config = MamlConfig.from(new Settings(Presets.resolve("maml", PendulumGravity.ID, List.of(
                "hidden=[8, 8]", "meta-batch=2", "episodes-per-task=2", "horizon=30", "inner-steps=2"))));
        try (Maml maml = Maml.forFamily(config, PendulumGravity.ID, 1, LOOP)) {
            Maml.Iteration step = maml.metaStep(maml.initialTheta(0), 0);
            assertTrue(Double.isFinite(step.postUpdateReturn()) && step.envSteps() == 2 * 2 * 3 * 30, step.toString());
        }
    }

    @Test
    void threadsChangeNothingButTheSpeed() {
        MamlConfig one = small("threads=1");
        MamlConfig two = small("threads=2");
        try (Maml a = Maml.forFamily(one, Navigation2D.ID, 4, LOOP);
             Maml b = Maml.forFamily(two, Navigation2D.ID, 4, c -> TrajectorySampler.threads(c, 2))) {
            double[] theta = a.initialTheta(0);
            assertArrayEquals(a.metaStep(theta, 0).theta(), b.metaStep(theta, 0).theta());
        }
    }
}
