package ai.engram.replay;

import ai.engram.env.NumpyRandom;

/** Every stored transition equally likely, with replacement; all weights 1. */
public final class UniformSampler implements Sampler {

    private NumpyRandom random;

    public UniformSampler(long seed) {
        random = new NumpyRandom(seed);
    }

    @Override
    public void inserted(int row) {
    }

    @Override
    public void sample(int size, int batchSize, int[] rows, float[] weights) {
        for (int i = 0; i < batchSize; i++) {
            rows[i] = random.nextInt(size);
            weights[i] = 1f;
        }
    }

    @Override
    public State state() {
        return new State(random.state(), new double[0], 0, 0);
    }

    @Override
    public void restore(State state) {
        random = NumpyRandom.fromState(state.random());
    }
}
