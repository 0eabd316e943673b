package ai.engram.nn;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.XwPlusB;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Sparse variational dropout (Molchanov, Ashukha and Vetrov 2017): a Dense layer whose weights are
 * w_ij ~ N(theta_ij, sigma_ij^2), with log alpha_ij = log sigma_ij^2 - log theta_ij^2 clipped to
 * [-8, 8]. Flat parameters: theta (in x out, row-major), log sigma^2 (in x out), bias b (out).
 *
 * <p>Stochastic (training) forward pass, by the local reparameterization trick:
 * <pre>
 *   y = x theta + b + sqrt(x^2 sigma^2 + 1e-8) * eps,   eps ~ N(0, 1) per output
 * </pre>
 * Deterministic (evaluation and acting) pass: y = x (theta * [log alpha <= 3]) + b, the weights
 * with log alpha > 3 pruned. The loss adds the approximate KL of the log-uniform prior,
 * <pre>
 *   KL(log alpha) = k1 - k1 sigmoid(k2 + k3 log alpha) + 0.5 log(1 + 1/alpha)
 * </pre>
 * with k1 = 0.63576, k2 = 1.87320, k3 = 1.48695, by {@link #addKlGradient}.
 */
public final class VariationalDense implements Layer {

    public static final double K1 = 0.63576;
    public static final double K2 = 1.87320;
    public static final double K3 = 1.48695;
    public static final double LOG_ALPHA_MAX = 8;
    /** Weights with log alpha above this are dropped (alpha > e^3: the weight is almost pure noise). */
    public static final double PRUNE_LOG_ALPHA = 3;
    private static final double INITIAL_LOG_SIGMA2 = -10;
    private static final double THETA_FLOOR = 1e-8;

    private final int in;
    private final int out;
    private final Initializer initializer;
    private SplittableRandom noise;
    private boolean stochastic = true;
    private INDArray theta;
    private INDArray logSigma2;
    private INDArray bias;
    private INDArray thetaGradient;
    private INDArray logSigma2Gradient;
    private INDArray biasGradient;
    private INDArray flat;
    private INDArray input;
    private INDArray epsilon;
    private INDArray std;

    /** {@code initializer} draws theta; {@code noiseSeed} seeds the layer's eps draws. */
    public VariationalDense(int in, int out, Initializer initializer, long noiseSeed) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("VariationalDense sizes must be positive, got " + in + " -> " + out);
        }
        this.in = in;
        this.out = out;
        this.initializer = initializer;
        this.noise = new SplittableRandom(noiseSeed);
    }

    /** Training draws weights (true, the default); evaluation uses the pruned means. */
    public void stochastic(boolean on) {
        stochastic = on;
    }

    /** Restarts the eps draws: two forward passes after the same reseed see the same noise (gradient checks). */
    public void reseed(long seed) {
        noise = new SplittableRandom(seed);
    }

    /** Sets every VariationalDense layer of {@code network} to training or evaluation. */
    public static void stochastic(Network network, boolean on) {
        for (Layer layer : network.layers()) {
            if (layer instanceof VariationalDense v) {
                v.stochastic(on);
            }
        }
    }

    /** {@link #addKlGradient} summed over every VariationalDense layer of {@code network}: the total KL. */
    public static double addKlGradient(Network network, double scale) {
        double kl = 0;
        for (Layer layer : network.layers()) {
            if (layer instanceof VariationalDense v) {
                kl += v.addKlGradient(scale);
            }
        }
        return kl;
    }

    /** The share of {@code network}'s variational weights that pruning drops. */
    public static double sparsity(Network network) {
        long pruned = 0;
        long total = 0;
        for (Layer layer : network.layers()) {
            if (layer instanceof VariationalDense v) {
                pruned += v.pruned();
                total += v.weightCount();
            }
        }
        if (total == 0) {
            throw new IllegalArgumentException("the network has no VariationalDense layer");
        }
        return (double) pruned / total;
    }

    @Override
    public int inputSize() {
        return in;
    }

    @Override
    public int outputSize() {
        return out;
    }

    @Override
    public int parameterCount() {
        return 2 * in * out + out;
    }

    @Override
    public void bind(INDArray parameters, INDArray gradients) {
        int n = in * out;
        flat = parameters;
        theta = parameters.get(NDArrayIndex.interval(0, n)).reshape('c', in, out);
        logSigma2 = parameters.get(NDArrayIndex.interval(n, 2 * n)).reshape('c', in, out);
        bias = parameters.get(NDArrayIndex.interval(2 * n, 2 * n + out));
        thetaGradient = gradients.get(NDArrayIndex.interval(0, n)).reshape('c', in, out);
        logSigma2Gradient = gradients.get(NDArrayIndex.interval(n, 2 * n)).reshape('c', in, out);
        biasGradient = gradients.get(NDArrayIndex.interval(2 * n, 2 * n + out));
    }

    /** theta from the initializer, log sigma^2 = -10 (alpha starts small: the layer starts almost deterministic). */
    @Override
    public void initialize(SplittableRandom random) {
        int n = in * out;
        float[] values = new float[parameterCount()];
        float[] w = new float[n];
        initializer.fill(w, in, out, random);
        System.arraycopy(w, 0, values, 0, n);
        java.util.Arrays.fill(values, n, 2 * n, (float) INITIAL_LOG_SIGMA2);
        double bound = initializer.biasBound(in);
        for (int j = 0; j < out; j++) {
            values[2 * n + j] = (float) ((2 * random.nextDouble() - 1) * bound);
        }
        flat.assign(Nd4j.createFromArray(values));
    }

    @Override
    public INDArray forward(INDArray x) {
        input = x;
        INDArray y = Nd4j.createUninitialized(x.dataType(), x.rows(), out);
        if (!stochastic) {
            Nd4j.exec(new XwPlusB(new INDArray[] {x, theta.mul(keepMask()), bias}, y));
            return y;
        }
        Nd4j.exec(new XwPlusB(new INDArray[] {x, theta, bias}, y));
        std = Transforms.sqrt(x.mul(x).mmul(Transforms.exp(logSigma2, true)).addi(1e-8), false);
        double[] e = new double[(int) std.length()];
        for (int i = 0; i < e.length; i++) {
            e[i] = noise.nextGaussian();
        }
        epsilon = Nd4j.createFromArray(e).castTo(x.dataType()).reshape('c', x.rows(), out);
        return y.addi(std.mul(epsilon));
    }

    /**
     * dL/dtheta = x^T g, dL/db = sum g and, through the noise term s = x^2 sigma^2,
     * dL/dlog sigma^2 = sigma^2 * (x^2)^T (g eps / (2 sqrt(s))).
     */
    @Override
    public INDArray backward(INDArray g, boolean inputGradient) {
        if (!stochastic) {
            throw new IllegalStateException("VariationalDense is in evaluation mode: call stochastic(true) before training");
        }
        INDArray ds = g.mul(epsilon).divi(std).muli(0.5);
        INDArray sigma2 = Transforms.exp(logSigma2, true);
        INDArray dInput = null;
        if (inputGradient) {
            // dy/dx through the mean, x theta, and through s: 2 x sigma^2 ds
            dInput = Nd4j.gemm(g, theta, false, true).addi(input.mul(Nd4j.gemm(ds, sigma2, false, true)).muli(2));
        }
        Nd4j.gemm(input, g, thetaGradient, true, false, 1.0, 0.0);
        logSigma2Gradient.assign(Nd4j.gemm(input.mul(input), ds, true, false).muli(sigma2));
        g.sum(biasGradient, 0);
        return dInput;
    }

    /** log alpha = clip(log sigma^2 - log theta^2, -8, 8). */
    public INDArray logAlpha() {
        INDArray raw = logSigma2.sub(Transforms.log(theta.mul(theta).addi(THETA_FLOOR), false));
        return Transforms.max(Transforms.min(raw, LOG_ALPHA_MAX, false), -LOG_ALPHA_MAX, false);
    }

    private INDArray keepMask() {
        return logAlpha().lte(PRUNE_LOG_ALPHA).castTo(theta.dataType());
    }

    /**
     * Adds {@code scale} dKL/dtheta and {@code scale} dKL/dlog sigma^2 to the gradients (after
     * {@link #backward}, which overwrites them) and returns the layer's KL. Clipped weights get
     * no KL gradient, as the clip's derivative is zero there.
     */
    public double addKlGradient(double scale) {
        INDArray raw = logSigma2.sub(Transforms.log(theta.mul(theta).addi(THETA_FLOOR), false));
        INDArray inside = raw.gte(-LOG_ALPHA_MAX).castTo(raw.dataType()).muli(raw.lte(LOG_ALPHA_MAX).castTo(raw.dataType()));
        INDArray la = Transforms.max(Transforms.min(raw, LOG_ALPHA_MAX, true), -LOG_ALPHA_MAX, false);
        INDArray s = Transforms.sigmoid(la.mul(K3).addi(K2), false);
        // log(1 + 1/alpha) = softplus(-log alpha)
        INDArray softplus = Transforms.softPlus(la.neg(), false);
        double kl = K1 * la.length() - K1 * s.sumNumber().doubleValue() + 0.5 * softplus.sumNumber().doubleValue();
        // dKL/dla = -k1 k3 s (1 - s) - 0.5 sigmoid(-la)
        INDArray dLa = s.mul(s.rsub(1)).muli(-K1 * K3).subi(Transforms.sigmoid(la.neg(), false).muli(0.5)).muli(inside).muli(scale);
        logSigma2Gradient.addi(dLa);
        // dla/dtheta = -2 theta / (theta^2 + floor)
        thetaGradient.addi(dLa.mul(theta).muli(-2).divi(theta.mul(theta).addi(THETA_FLOOR)));
        return kl;
    }

    /** How many of the layer's weights the deterministic pass drops (log alpha > 3). */
    public long pruned() {
        return logAlpha().gt(PRUNE_LOG_ALPHA).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
    }

    public int weightCount() {
        return in * out;
    }

    /** The deterministic, pruned pass; evaluating log alpha costs a log per weight, so actors use {@link SparseForward}. */
    @Override
    public void forwardPlain(float[] p, int offset, float[] x, int xOffset, float[] y) {
        int n = in * out;
        int b = offset + 2 * n;
        for (int j = 0; j < out; j++) {
            y[j] = p[b + j];
        }
        for (int i = 0; i < in; i++) {
            float xi = x[xOffset + i];
            for (int j = 0; j < out; j++) {
                int k = offset + i * out + j;
                if (kept(p[k], p[k + n])) {
                    y[j] += xi * p[k];
                }
            }
        }
    }

    /** Whether a weight of mean {@code theta} and log variance {@code logSigma2} survives pruning. */
    static boolean kept(float theta, float logSigma2) {
        double la = Math.max(-LOG_ALPHA_MAX, Math.min(LOG_ALPHA_MAX, logSigma2 - Math.log((double) theta * theta + THETA_FLOOR)));
        return la <= PRUNE_LOG_ALPHA;
    }
}
