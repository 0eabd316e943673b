package ai.engram.nn;

import java.util.SplittableRandom;

/**
 * How a weight matrix of a given fan-in and fan-out starts. Chosen per layer (looks-linear and
 * orthogonal schemes plug in here). Draws come from a seeded Java generator, not ND4J's, so a
 * network is the same on every backend and thread count.
 */
public sealed interface Initializer {

    /** Fills {@code weights} (fanIn x fanOut, row-major). */
    void fill(float[] weights, int fanIn, int fanOut, SplittableRandom random);

    /** Bound of the uniform draw for biases: PyTorch's nn.Linear default is U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
    default double biasBound(int fanIn) {
        return 1.0 / Math.sqrt(fanIn);
    }

    /** PyTorch's {@code nn.Linear} default (Kaiming uniform with a = sqrt(5)): U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
    record TorchDefault() implements Initializer {
        @Override
        public void fill(float[] weights, int fanIn, int fanOut, SplittableRandom random) {
            uniform(weights, 1.0 / Math.sqrt(fanIn), random);
        }
    }

    /** Glorot and Bengio (2010): U(-sqrt(6/(fanIn+fanOut)), +sqrt(6/(fanIn+fanOut))); biases zero. */
    record GlorotUniform() implements Initializer {
        @Override
        public void fill(float[] weights, int fanIn, int fanOut, SplittableRandom random) {
            uniform(weights, Math.sqrt(6.0 / (fanIn + fanOut)), random);
        }

        @Override
        public double biasBound(int fanIn) {
            return 0;
        }
    }

    /** He et al. (2015) for ReLU: U(-sqrt(6/fanIn), +sqrt(6/fanIn)); biases zero. */
    record HeUniform() implements Initializer {
        @Override
        public void fill(float[] weights, int fanIn, int fanOut, SplittableRandom random) {
            uniform(weights, Math.sqrt(6.0 / fanIn), random);
        }

        @Override
        public double biasBound(int fanIn) {
            return 0;
        }
    }

    private static void uniform(float[] out, double bound, SplittableRandom random) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((2 * random.nextDouble() - 1) * bound);
        }
    }
}
