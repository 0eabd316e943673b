package ai.engram.auxiliary.deeplift;

import ai.engram.nn.Activation;
import ai.engram.nn.Dense;
import ai.engram.nn.Layer;
import java.util.List;

/**
 * DeepLIFT (Shrikumar et al. 2017, "Learning Important Features Through Propagating Activation
 * Differences"): explains the difference Δt = t(x) - t(x0) of a target output from its value at a
 * reference input x0 by contributions C_{Δx_i Δt} = m_{Δx_i Δt} Δx_i that add up to Δt
 * (summation-to-delta). Multipliers m = C / Δx are propagated layer by layer with the chain rule
 * m_{Δx_i Δt} = Σ_j m_{Δx_i Δy_j} m_{Δy_j Δt}:
 * <ul>
 * <li>Linear rule (Dense): m_{Δx_i Δy_j} = w_ij.</li>
 * <li>Rescale rule (a nonlinearity y = f(x)): m = Δy / Δx, or f'(x) when |Δx| &lt; 1e-7.</li>
 * <li>RevealCancel rule: Δx is split into the positive and negative terms of the linear layer
 * feeding it, Δx⁺ = Σ_i max(0, w_ij Δa_i) and Δx⁻ = Σ_i min(0, w_ij Δa_i), and
 * Δy⁺ = ½(f(x0 + Δx⁺) - f(x0)) + ½(f(x0 + Δx⁻ + Δx⁺) - f(x0 + Δx⁻)),
 * Δy⁻ = ½(f(x0 + Δx⁻) - f(x0)) + ½(f(x0 + Δx⁺ + Δx⁻) - f(x0 + Δx⁺)), with m⁺ = Δy⁺/Δx⁺ for the
 * positive terms and m⁻ = Δy⁻/Δx⁻ for the negative ones.</li>
 * </ul>
 * {@link Rule#GRADIENT} replaces every nonlinearity's multiplier by f'(x): the contributions are
 * then gradient x (input - reference), the baseline the paper compares against.
 *
 * <p>Plain Java in double precision on a flat parameter snapshot: per input the work is three
 * passes over the weights, far cheaper than the dozens of ND4J calls a per-input graph would cost.
 */
public final class DeepLift {

    /** How the multipliers of the nonlinearities are computed. */
    public enum Rule { GRADIENT, RESCALE, REVEAL_CANCEL }

    /** Below this |Δx| the Rescale and RevealCancel multipliers fall back to the gradient. */
    static final double FALLBACK = 1e-7;

    private final Layer[] layers;
    private final int[] offsets;
    private final Rule rule;

    public DeepLift(List<Layer> layers, Rule rule) {
        this.layers = layers.toArray(Layer[]::new);
        this.rule = rule;
        offsets = new int[this.layers.length];
        int offset = 0;
        for (int i = 0; i < this.layers.length; i++) {
            if (!(this.layers[i] instanceof Dense || this.layers[i] instanceof Activation)) {
                throw new IllegalArgumentException("DeepLIFT has rules for Dense and Activation layers, not "
                        + this.layers[i].getClass().getSimpleName());
            }
            offsets[i] = offset;
            offset += this.layers[i].parameterCount();
        }
    }

    /** The contributions of each input feature to Δt, and Δt itself. */
    public record Attribution(double[] contributions, double delta) {

        /** |Σ_i C_i - Δt|: zero up to rounding when summation-to-delta holds. */
        public double summationError() {
            double sum = 0;
            for (double c : contributions) {
                sum += c;
            }
            return Math.abs(sum - delta);
        }
    }

    /**
     * Explains output {@code target} at {@code input[offset ..]} against {@code reference}, for the
     * network with flat parameters {@code parameters}.
     */
    public Attribution explain(float[] parameters, float[] input, int offset, float[] reference, int target) {
        double[] weights = new double[layers[layers.length - 1].outputSize()];
        weights[target] = 1;
        return explain(parameters, input, offset, reference, weights);
    }

    /**
     * As {@link #explain(float[], float[], int, float[], int)} for the target t = Σ_k w_k y_k, a
     * weighted sum of the outputs (say an action's value minus the mean of all actions' values):
     * the multipliers of the output layer are the weights.
     */
    public Attribution explain(float[] parameters, float[] input, int offset, float[] reference, double[] outputWeights) {
        double[][] x = forward(parameters, input, offset);
        double[][] x0 = forward(parameters, reference, 0);
        int top = layers.length;
        double[] m = outputWeights.clone();
        double[] mNegative = m;
        // walking down: m (and mNegative, which differs only under RevealCancel) hold the multipliers of layer i's output
        for (int i = top - 1; i >= 0; i--) {
            if (layers[i] instanceof Dense dense) {
                m = linear(dense, parameters, offsets[i], x[i], x0[i], m, mNegative);
                mNegative = m;
            } else {
                Activation.Kind kind = ((Activation) layers[i]).kind();
                if (rule == Rule.REVEAL_CANCEL && i > 0 && layers[i - 1] instanceof Dense below) {
                    double[][] split = revealCancel(kind, below, parameters, offsets[i - 1], x[i - 1], x0[i - 1], x0[i], m);
                    m = split[0];
                    mNegative = split[1];
                } else {
                    m = rescale(kind, x[i], x0[i], x[i + 1], x0[i + 1], m);
                    mNegative = m;
                }
            }
        }
        double[] contributions = new double[m.length];
        for (int j = 0; j < m.length; j++) {
            contributions[j] = m[j] * (x[0][j] - x0[0][j]);
        }
        double delta = 0;
        for (int k = 0; k < outputWeights.length; k++) {
            delta += outputWeights[k] * (x[top][k] - x0[top][k]);
        }
        return new Attribution(contributions, delta);
    }

    /** Each layer's input (x[i]) and the network's output (x[layers]), in double. */
    private double[][] forward(float[] p, float[] input, int offset) {
        double[][] a = new double[layers.length + 1][];
        a[0] = new double[layers[0].inputSize()];
        for (int j = 0; j < a[0].length; j++) {
            a[0][j] = input[offset + j];
        }
        for (int i = 0; i < layers.length; i++) {
            double[] in = a[i];
            double[] out = new double[layers[i].outputSize()];
            if (layers[i] instanceof Dense) {
                int n = out.length;
                int bias = offsets[i] + in.length * n;
                for (int j = 0; j < n; j++) {
                    out[j] = p[bias + j];
                }
                for (int k = 0; k < in.length; k++) {
                    double v = in[k];
                    if (v != 0) {
                        int row = offsets[i] + k * n;
                        for (int j = 0; j < n; j++) {
                            out[j] += v * p[row + j];
                        }
                    }
                }
            } else {
                Activation.Kind kind = ((Activation) layers[i]).kind();
                for (int j = 0; j < out.length; j++) {
                    out[j] = f(kind, in[j]);
                }
            }
            a[i + 1] = out;
        }
        return a;
    }

    /**
     * Linear rule: m_in[k] = Σ_j w_kj m_j, where m_j is {@code mPositive} for a term w_kj Δa_k &gt; 0
     * and {@code mNegative} otherwise (they are equal unless a RevealCancel unit sits above).
     */
    private static double[] linear(Dense dense, float[] p, int offset, double[] x, double[] x0, double[] mPositive,
                                   double[] mNegative) {
        int n = dense.outputSize();
        double[] m = new double[dense.inputSize()];
        for (int k = 0; k < m.length; k++) {
            double dx = x[k] - x0[k];
            int row = offset + k * n;
            double sum = 0;
            for (int j = 0; j < n; j++) {
                double w = p[row + j];
                sum += w * (w * dx > 0 ? mPositive[j] : mNegative[j]);
            }
            m[k] = sum;
        }
        return m;
    }

    /** Rescale rule (or the gradient, under {@link Rule#GRADIENT}) for y = f(x). */
    private double[] rescale(Activation.Kind kind, double[] x, double[] x0, double[] y, double[] y0, double[] mOut) {
        double[] m = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            double dx = x[j] - x0[j];
            double slope = rule == Rule.GRADIENT || Math.abs(dx) < FALLBACK ? derivative(kind, x[j]) : (y[j] - y0[j]) / dx;
            m[j] = slope * mOut[j];
        }
        return m;
    }

    /**
     * RevealCancel rule for y = f(x) fed by {@code dense}: returns the multipliers of the positive
     * and of the negative parts of Δx.
     */
    private static double[][] revealCancel(Activation.Kind kind, Dense dense, float[] p, int offset, double[] a, double[] a0,
                                           double[] x0, double[] mOut) {
        int n = dense.outputSize();
        double[] positive = new double[n];
        double[] negative = new double[n];
        for (int k = 0; k < a.length; k++) {
            double da = a[k] - a0[k];
            if (da != 0) {
                int row = offset + k * n;
                for (int j = 0; j < n; j++) {
                    double term = p[row + j] * da;
                    if (term > 0) {
                        positive[j] += term;
                    } else {
                        negative[j] += term;
                    }
                }
            }
        }
        double[] mPositive = new double[n];
        double[] mNegative = new double[n];
        for (int j = 0; j < n; j++) {
            double base = x0[j];
            double dp = positive[j];
            double dn = negative[j];
            double fx = f(kind, base + dp + dn);
            double dyPositive = 0.5 * (f(kind, base + dp) - f(kind, base)) + 0.5 * (fx - f(kind, base + dn));
            double dyNegative = 0.5 * (f(kind, base + dn) - f(kind, base)) + 0.5 * (fx - f(kind, base + dp));
            double gradient = derivative(kind, base + dp + dn);
            mPositive[j] = mOut[j] * (Math.abs(dp) < FALLBACK ? gradient : dyPositive / dp);
            mNegative[j] = mOut[j] * (Math.abs(dn) < FALLBACK ? gradient : dyNegative / dn);
        }
        return new double[][] {mPositive, mNegative};
    }

    private static double f(Activation.Kind kind, double x) {
        return switch (kind) {
            case RELU -> Math.max(x, 0);
            case TANH -> Math.tanh(x);
        };
    }

    private static double derivative(Activation.Kind kind, double x) {
        return switch (kind) {
            case RELU -> x > 0 ? 1 : 0;
            case TANH -> 1 - Math.tanh(x) * Math.tanh(x);
        };
    }
}
