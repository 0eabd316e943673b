package ai.engram.agent.dqn;

import ai.engram.agent.Policy;
import ai.engram.agent.PolicySnapshot;
import ai.engram.agent.EpsilonGreedy;
import ai.engram.nn.PlainForward;

/**
 * Epsilon-greedy acting from a policy snapshot, in plain Java (one 4-64-64-2 forward pass is
 * about a microsecond; an ND4J call would be a quarter of a millisecond). With epsilon = 0 it is
 * the greedy policy used for evaluation.
 */
public final class DqnActor implements Policy {

    private final PlainForward forward;
    private final int observationSize;
    private final int actions;
    private final EpsilonGreedy exploration;
    private PolicySnapshot snapshot;

    public DqnActor(PlainForward forward, int observationSize, int actions, PolicySnapshot snapshot, long seed) {
        this.forward = forward;
        this.observationSize = observationSize;
        this.actions = actions;
        this.snapshot = snapshot;
        this.exploration = new EpsilonGreedy(seed);
    }

    public void setSnapshot(PolicySnapshot snapshot) {
        this.snapshot = snapshot;
    }

    public void setEpsilon(double epsilon) {
        exploration.setEpsilon(epsilon);
    }

    @Override
    public long version() {
        return snapshot.version();
    }

    @Override
    public void act(float[] observations, int count, double[] out) {
        for (int i = 0; i < count; i++) {
            int random = exploration.explore(actions);
            if (random >= 0) {
                out[i] = random;
            } else {
                float[] q = forward.apply(snapshot.parameters(), observations, i * observationSize);
                out[i] = DqnLoss.argmax(q, 0, actions);
            }
        }
    }

    long[] randomState() {
        return exploration.state();
    }

    void restoreRandom(long[] state) {
        exploration.restore(state);
    }
}
