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

    /**
     * Saxe et al. (2014): a random orthogonal matrix times {@code gain} (orthonormal columns when
     * fanIn >= fanOut, orthonormal rows otherwise); biases zero. Gain sqrt(2) suits ReLU.
     */
    record Orthogonal(double gain) implements Initializer {
        @Override
        public void fill(float[] weights, int fanIn, int fanOut, SplittableRandom random) {
            orthogonal(weights, fanIn, fanOut, gain, random);
        }

        @Override
        public double biasBound(int fanIn) {
            return 0;
        }
    }

    /**
     * Balduzzi et al. (2017), for a Dense layer after a {@link CRelu}: W = [W0; -W0] with W0
     * (fanIn/2 x fanOut) orthogonal, so relu(x) W0 - relu(-x) W0 = x W0 and the network is
     * linear at initialization; biases zero.
     */
    record LooksLinear() implements Initializer {
        @Override
        public void fill(float[] weights, int fanIn, int fanOut, SplittableRandom random) {
            if (fanIn % 2 != 0) {
                throw new IllegalArgumentException("looks-linear weights follow a CReLU: fan-in must be even, got " + fanIn);
            }
            int half = fanIn / 2 * fanOut;
            float[] w0 = new float[half];
            orthogonal(w0, fanIn / 2, fanOut, 1, random);
            for (int i = 0; i < half; i++) {
                weights[i] = w0[i];
                weights[half + i] = -w0[i];
            }
        }

        @Override
        public double biasBound(int fanIn) {
            return 0;
        }
    }

    /** Gram-Schmidt on Gaussian vectors along the longer side (orthonormal with probability 1). */
    private static void orthogonal(float[] out, int rows, int cols, double gain, SplittableRandom random) {
        boolean byColumns = rows >= cols;
        int count = byColumns ? cols : rows;
        int length = byColumns ? rows : cols;
        double[][] v = new double[count][length];
        for (int k = 0; k < count; k++) {
            for (int i = 0; i < length; i++) {
                v[k][i] = random.nextGaussian();
            }
            for (int j = 0; j < k; j++) {
                double dot = 0;
                for (int i = 0; i < length; i++) {
                    dot += v[k][i] * v[j][i];
                }
                for (int i = 0; i < length; i++) {
                    v[k][i] -= dot * v[j][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < length; i++) {
                norm += v[k][i] * v[k][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < length; i++) {
                v[k][i] /= norm;
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = (float) (gain * (byColumns ? v[c][r] : v[r][c]));
            }
        }
    }

    private static void uniform(float[] out, double bound, SplittableRandom random) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((2 * random.nextDouble() - 1) * bound);
        }
    }
}
