package ai.engram.agent.maml;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The policy: a ReLU MLP giving the mean of a diagonal Gaussian, with a learned log standard
 * deviation per action dimension (not a function of the state), as rllab's GaussianMLPPolicy.
 *
 * <p>Written on plain double arrays, not ND4J: the network is small (2-100-100-2) and MAML needs
 * second derivatives through it, which here are one more pair of passes (Pearlmutter's R-operator:
 * {@link #jvp} forward, {@link #backward} with a tangent), exact and cheap, where ND4J would charge
 * its per-op cost on every one of the hundreds of passes of a meta-iteration.
 *
 * <p>Parameters theta are one flat array: per layer the weights (fan-in x fan-out, row-major, so the
 * hot loops run along contiguous rows) then the biases; the log-std last.
 */
public final class GaussianMlp {

    private final int[] widths;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final int logStdOffset;
    private final int size;

    public GaussianMlp(int observationSize, int[] hidden, int actionSize) {
        if (observationSize < 1 || actionSize < 1 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("a Gaussian MLP needs positive sizes, got observation " + observationSize
                    + ", hidden " + Arrays.toString(hidden) + ", action " + actionSize);
        }
        widths = new int[hidden.length + 2];
        widths[0] = observationSize;
        System.arraycopy(hidden, 0, widths, 1, hidden.length);
        widths[widths.length - 1] = actionSize;
        weightOffset = new int[widths.length];
        biasOffset = new int[widths.length];
        int offset = 0;
        for (int l = 1; l < widths.length; l++) {
            weightOffset[l] = offset;
            offset += widths[l - 1] * widths[l];
            biasOffset[l] = offset;
            offset += widths[l];
        }
        logStdOffset = offset;
        size = offset + actionSize;
    }

    public int observationSize() {
        return widths[0];
    }

    public int actionSize() {
        return widths[widths.length - 1];
    }

    /** Where the log-std starts in theta. */
    public int logStdOffset() {
        return logStdOffset;
    }

    /** rllab's initialization: Glorot-uniform weights, zero biases, every standard deviation {@code initStd}. */
    public double[] initialize(SplittableRandom random, double initStd) {
        double[] theta = new double[size];
        for (int l = 1; l < widths.length; l++) {
            double bound = Math.sqrt(6.0 / (widths[l - 1] + widths[l]));
            for (int i = weightOffset[l]; i < biasOffset[l]; i++) {
                theta[i] = (2 * random.nextDouble() - 1) * bound;
            }
        }
        Arrays.fill(theta, logStdOffset, size, Math.log(initStd));
        return theta;
    }

    /**
     * A forward pass over {@code n} observations, keeping every layer's pre-activations for the
     * backward passes. {@code z[l]} is n x widths[l]; {@code z[L]} is the mean.
     */
    public record Forward(int n, double[][] z) {
        public double[] mean() {
            return z[z.length - 1];
        }
    }

    public Forward forward(double[] theta, double[] observations, int n) {
        double[][] z = new double[widths.length][];
        z[0] = observations;
        double[] previous = observations;
        for (int l = 1; l < widths.length; l++) {
            z[l] = affine(theta, l, previous, n, l > 1);
            previous = z[l];
        }
        return new Forward(n, z);
    }

    /**
     * z = h W + b for layer {@code l} with W and b read from {@code params} (theta, or a tangent),
     * h = relu(zIn) when {@code relu} (hidden inputs) and zIn itself for the observations.
     */
    private double[] affine(double[] params, int l, double[] zIn, int n, boolean relu) {
        int in = widths[l - 1];
        int out = widths[l];
        int w = weightOffset[l];
        double[] z = new double[n * out];
        for (int i = 0; i < n; i++) {
            int row = i * out;
            System.arraycopy(params, biasOffset[l], z, row, out);
            for (int k = 0; k < in; k++) {
                double a = zIn[i * in + k];
                if (relu && a <= 0) {
                    continue;
                }
                axpy(a, params, w + k * out, z, row, out);
            }
        }
        return z;
    }

    /**
     * The R-operator forward: the directional derivative of every layer's pre-activation along
     * {@code v} (a direction in theta), {@code rz[l]} n x widths[l]; {@code rz[L]} is R(mean).
     * ReLU's second derivative is zero almost everywhere, so R(h) = relu'(z) R(z).
     */
    public double[][] jvp(double[] theta, Forward f, double[] v) {
        double[][] rz = new double[widths.length][];
        for (int l = 1; l < widths.length; l++) {
            int in = widths[l - 1];
            int out = widths[l];
            double[] zIn = f.z()[l - 1];
            double[] r = affine(v, l, zIn, f.n(), l > 1);
            if (l > 1) {
                for (int i = 0; i < f.n(); i++) {
                    for (int k = 0; k < in; k++) {
                        if (zIn[i * in + k] > 0) {
                            axpy(rz[l - 1][i * in + k], theta, weightOffset[l] + k * out, r, i * out, out);
                        }
                    }
                }
            }
            rz[l] = r;
        }
        return rz;
    }

    /**
     * Reverse mode, adding to {@code out} (network part of theta only; the log-std is the loss's):
     * J^T {@code g} for the output gradient {@code g} (n x actions), the gradient of a loss of the mean.
     *
     * <p>With a tangent ({@code v}, {@code rz} from {@link #jvp}) and {@code gFirst}, the loss's first
     * derivative in the mean, it is the R-operator backward: {@code g} is then R(dL/dmean) and the
     * result R(dL/dtheta) = H v, the exact Hessian-vector product, curvature of the network included.
     * With {@code gFirst == null} it is J^T g alone (the Gauss-Newton and Fisher products).
     */
    public void backward(double[] theta, Forward f, double[] g, double[] v, double[][] rz, double[] gFirst, double[] out) {
        int layers = widths.length - 1;
        int maxWidth = Arrays.stream(widths).max().orElseThrow();
        double[] d = new double[maxWidth];
        double[] rd = new double[maxWidth];
        double[] dNext = new double[maxWidth];
        double[] rdNext = new double[maxWidth];
        boolean second = gFirst != null;
        for (int i = 0; i < f.n(); i++) {
            int act = widths[layers];
            System.arraycopy(g, i * act, rd, 0, act);
            if (second) {
                System.arraycopy(gFirst, i * act, d, 0, act);
            }
            for (int l = layers; l >= 1; l--) {
                int in = widths[l - 1];
                int width = widths[l];
                int w = weightOffset[l];
                double[] zIn = f.z()[l - 1];
                boolean hidden = l > 1;
                for (int k = 0; k < in; k++) {
                    double h = zIn[i * in + k];
                    if (hidden && h <= 0) {
                        continue;
                    }
                    axpy(h, rd, 0, out, w + k * width, width);
                    if (second && hidden) {
                        axpy(rz[l - 1][i * in + k], d, 0, out, w + k * width, width);
                    }
                }
                axpy(1, rd, 0, out, biasOffset[l], width);
                if (!hidden) {
                    break;
                }
                for (int k = 0; k < in; k++) {
                    if (zIn[i * in + k] > 0) {
                        rdNext[k] = dot(theta, w + k * width, rd, width) + (second ? dot(v, w + k * width, d, width) : 0);
                        dNext[k] = second ? dot(theta, w + k * width, d, width) : 0;
                    } else {
                        rdNext[k] = 0;
                        dNext[k] = 0;
                    }
                }
                double[] t = rd;
                rd = rdNext;
                rdNext = t;
                t = d;
                d = dNext;
                dNext = t;
            }
        }
    }

    private static void axpy(double a, double[] x, int xOffset, double[] y, int yOffset, int n) {
        for (int j = 0; j < n; j++) {
            y[yOffset + j] += a * x[xOffset + j];
        }
    }

    /** Four accumulators: the JIT does not reorder floating-point sums, so this is what keeps the FPU busy. */
    private static double dot(double[] x, int xOffset, double[] y, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += x[xOffset + j] * y[j];
            s1 += x[xOffset + j + 1] * y[j + 1];
            s2 += x[xOffset + j + 2] * y[j + 2];
            s3 += x[xOffset + j + 3] * y[j + 3];
        }
        for (; j < n; j++) {
            s0 += x[xOffset + j] * y[j];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
