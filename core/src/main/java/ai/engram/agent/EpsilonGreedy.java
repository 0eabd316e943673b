package ai.engram.agent;

import ai.engram.env.NumpyRandom;

/**
 * The exploring half of an epsilon-greedy actor: whether to take a uniformly random action, and
 * which, from a seeded generator whose state checkpoints carry. With epsilon = 0 it draws nothing,
 * so a greedy (evaluating) actor never moves the generator.
 */
public final class EpsilonGreedy {

    private NumpyRandom random;
    private double epsilon;

    public EpsilonGreedy(long seed) {
        random = new NumpyRandom(seed);
    }

    public void setEpsilon(double epsilon) {
        this.epsilon = epsilon;
    }

    /** A random action in [0, actions), or -1 when the greedy one should be taken. */
    public int explore(int actions) {
        return epsilon > 0 && random.nextDouble() < epsilon ? random.nextInt(actions) : -1;
    }

    public long[] state() {
        return random.state();
    }

    public void restore(long[] state) {
        random = NumpyRandom.fromState(state);
    }
}
