package ai.engram.auxiliary.influence;

import ai.engram.nn.ConjugateGradient;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * H^-1 v from Hessian-vector products, three ways: exactly (H built column by column, then
 * Gaussian elimination: only for small models, the reference), by conjugate gradient (H positive
 * definite), and by LiSSA (Agarwal et al. 2017, as Koh and Liang use it): a truncated Neumann
 * series on stochastic products, h_j = v + (1 - damping) h_{j-1} - H_j h_{j-1} / scale, whose
 * fixed point h satisfies h / scale = (H + damping * scale * I)^-1 v.
 */
public final class InverseHvp {

    private InverseHvp() {
    }

    /** H^-1 v with H = the matrix whose products {@code hvp} gives, formed in full (n products) and symmetrized. */
    public static double[] exact(UnaryOperator<double[]> hvp, double[] v) {
        int n = v.length;
        double[][] h = new double[n][];
        for (int j = 0; j < n; j++) {
            double[] e = new double[n];
            e[j] = 1;
            h[j] = hvp.apply(e); // column j; H is symmetric, so row j too
        }
        double[][] a = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = (h[i][j] + h[j][i]) / 2;
            }
            a[i][n] = v[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int i = col + 1; i < n; i++) {
                if (Math.abs(a[i][col]) > Math.abs(a[pivot][col])) {
                    pivot = i;
                }
            }
            if (a[pivot][col] == 0) {
                throw new IllegalStateException("the Hessian is singular; add weight decay");
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            for (int i = col + 1; i < n; i++) {
                double f = a[i][col] / a[col][col];
                if (f != 0) {
                    for (int j = col; j <= n; j++) {
                        a[i][j] -= f * a[col][j];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = a[i][n];
            for (int j = i + 1; j < n; j++) {
                s -= a[i][j] * x[j];
            }
            x[i] = s / a[i][i];
        }
        return x;
    }

    /** H^-1 v by conjugate gradient, stopping after {@code iterations} or once ||r|| < tolerance ||v||. */
    public static double[] conjugateGradient(UnaryOperator<double[]> hvp, double[] v, int iterations, double tolerance) {
        double vv = ConjugateGradient.dot(v, v);
        return ConjugateGradient.solve(hvp, v, iterations, tolerance * tolerance * vv);
    }

    /**
     * @param damping  shrinks the previous term: converges to (H + damping * scale * I)^-1 v, for an H not positive definite
     * @param scale    must exceed H's largest eigenvalue, or the series diverges
     * @param depth    recursion depth t: the error shrinks like (1 - lambda_min / scale)^t
     * @param repeats  independent series averaged (they differ when the products are on sampled batches)
     */
    public record Lissa(double damping, double scale, int depth, int repeats) {

        public Lissa {
            if (!(scale > 0) || depth < 1 || repeats < 1 || damping < 0 || damping >= 1) {
                throw new IllegalArgumentException("LiSSA needs scale > 0, depth >= 1, repeats >= 1 and damping in [0, 1); got " + this);
            }
        }
    }

    /** H^-1 v by LiSSA; {@code sampledHvp} gives each recursion step its product (on a fresh minibatch, or the full batch). */
    public static double[] lissa(Supplier<UnaryOperator<double[]>> sampledHvp, double[] v, Lissa c) {
        int n = v.length;
        double[] estimate = new double[n];
        for (int r = 0; r < c.repeats(); r++) {
            double[] h = v.clone();
            for (int t = 0; t < c.depth(); t++) {
                double[] hh = sampledHvp.get().apply(h);
                for (int j = 0; j < n; j++) {
                    h[j] = v[j] + (1 - c.damping()) * h[j] - hh[j] / c.scale();
                }
                if (!Double.isFinite(h[0])) {
                    throw new IllegalStateException("LiSSA diverged at depth " + t + ": raise lissa-scale above the Hessian's"
                            + " largest eigenvalue");
                }
            }
            for (int j = 0; j < n; j++) {
                estimate[j] += h[j] / c.scale() / c.repeats();
            }
        }
        return estimate;
    }

    /** cos(a, b). */
    public static double cosine(double[] a, double[] b) {
        return ConjugateGradient.dot(a, b) / Math.sqrt(ConjugateGradient.dot(a, a) * ConjugateGradient.dot(b, b));
    }
}
