package ai.engram.agent.dqn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.engram.replay.Transitions;
import org.junit.jupiter.api.Test;

class DqnLossTest {

    private static Transitions batch() {
        Transitions b = new Transitions(2, 1, 1);
        b.size = 2;
        b.action[0] = 1;
        b.action[1] = 0;
        b.reward[0] = 1;
        b.reward[1] = 2;
        b.discount[0] = 0.5f;
        b.discount[1] = 0; // terminated: no bootstrap
        b.weight[0] = 1;
        b.weight[1] = 0.5f;
        return b;
    }

    @Test
    void targetsUseTheTargetNetworkAndStopAtTermination() {
        float[] q = {0, 3, 4, 0};             // Q(s0,.) = (0, 3); Q(s1,.) = (4, 0)
        float[] qNextTarget = {2, 6, 9, 9};   // max for s0' is 6
        float[] gradient = new float[4];
        float[] td = new float[2];
        DqnLoss.Stats s = DqnLoss.compute(q, qNextTarget, null, batch(), 2, false, gradient, td);
        // y0 = 1 + .5 * 6 = 4, delta0 = 3 - 4 = -1; y1 = 2, delta1 = 4 - 2 = 2
        assertArrayEquals(new float[] {-1, 2}, td);
        assertEquals((1 * 1 + 0.5 * 4) / 2, s.loss(), 1e-9);
        assertEquals((3 + 4) / 2.0, s.meanQ(), 1e-9);
        // d/dQ of 1/B sum w delta^2 = 2 w delta / B at the taken action only
        assertArrayEquals(new float[] {0, -1, 1, 0}, gradient);
    }

    @Test
    void doubleQLetsTheOnlineNetworkChooseTheNextAction() {
        float[] q = {0, 3, 4, 0};
        float[] qNextTarget = {2, 6, 9, 9};
        float[] qNextOnline = {5, 1, 0, 0};  // online prefers action 0 at s0': target value 2
        float[] gradient = new float[4];
        float[] td = new float[2];
        DqnLoss.compute(q, qNextTarget, qNextOnline, batch(), 2, true, gradient, td);
        // y0 = 1 + .5 * 2 = 2, delta0 = 1: Huber's slope is clipped at 1
        assertEquals(1f, td[0]);
        assertEquals(1f / 2, gradient[1]);
        assertEquals(0.5f * 1 / 2, gradient[2]); // delta1 = 2 -> slope 1, weight .5
    }
}
