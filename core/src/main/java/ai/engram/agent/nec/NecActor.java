package ai.engram.agent.nec;

import ai.engram.agent.EpsilonGreedy;
import ai.engram.agent.Policy;
import ai.engram.agent.PolicySnapshot;
import ai.engram.nn.PlainForward;

/**
 * Epsilon-greedy acting on NEC's Q(s, a): the embedding in plain Java from a parameter snapshot
 * (about a microsecond), then one DND lookup per action. With epsilon = 0 it is the greedy policy
 * used for evaluation. An exploring actor marks the neighbours it looked up as recently used (the
 * DND's LRU order); the evaluating one leaves the DNDs untouched.
 */
public final class NecActor implements Policy {

    private final PlainForward forward;
    private final NecLearner learner;
    private final int observationSize;
    private final double delta;
    private final boolean touch;
    private final Dnd.Neighbours neighbours;
    private final double[] q;
    private final EpsilonGreedy exploration;
    private PolicySnapshot snapshot;

    NecActor(NecLearner learner, int observationSize, NecConfig config, boolean touch, long seed) {
        this.forward = learner.embedding().plainForward();
        this.learner = learner;
        this.observationSize = observationSize;
        this.delta = config.kernelDelta();
        this.touch = touch;
        this.neighbours = new Dnd.Neighbours(config.neighbours());
        this.q = new double[learner.actions()];
        this.snapshot = learner.snapshot();
        this.exploration = new EpsilonGreedy(seed);
    }

    void setSnapshot(PolicySnapshot snapshot) {
        this.snapshot = snapshot;
    }

    void setEpsilon(double epsilon) {
        exploration.setEpsilon(epsilon);
    }

    @Override
    public long version() {
        return snapshot.version();
    }

    @Override
    public void act(float[] observations, int count, double[] out) {
        for (int i = 0; i < count; i++) {
            int random = exploration.explore(q.length);
            out[i] = random >= 0 ? random : argmax(qValues(observations, i * observationSize));
        }
    }

    /** The embedding h(s) of one observation under the current snapshot (a scratch array, overwritten by the next call). */
    float[] embed(float[] observations, int offset) {
        return forward.apply(snapshot.parameters(), observations, offset);
    }

    /** Q(s, a) for every action (a scratch array, overwritten by the next call). */
    double[] qValues(float[] observations, int offset) {
        float[] h = embed(observations, offset);
        for (int a = 0; a < q.length; a++) {
            Dnd dnd = learner.dnd(a);
            dnd.nearest(h, 0, neighbours);
            q[a] = dnd.q(neighbours, delta);
            if (touch) {
                for (int j = 0; j < neighbours.count(); j++) {
                    dnd.touch(neighbours.slot(j));
                }
            }
        }
        return q;
    }

    /** The first index of the largest value. */
    static int argmax(double[] values) {
        int best = 0;
        for (int a = 1; a < values.length; a++) {
            if (values[a] > values[best]) {
                best = a;
            }
        }
        return best;
    }

    long[] randomState() {
        return exploration.state();
    }

    void restoreRandom(long[] state) {
        exploration.restore(state);
    }
}
