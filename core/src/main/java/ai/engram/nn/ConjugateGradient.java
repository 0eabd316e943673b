package ai.engram.nn;

import java.util.function.UnaryOperator;

/** Conjugate gradient for A x = b with A symmetric positive definite, given only products A v (rllab's {@code cg}):
 * MAML's natural-gradient step and the inverse Hessian-vector products of influence functions. */
public final class ConjugateGradient {

    private ConjugateGradient() {
    }

    public static double[] solve(UnaryOperator<double[]> product, double[] b, int iterations, double residualTolerance) {
        double[] x = new double[b.length];
        double[] r = b.clone();
        double[] p = b.clone();
        double rr = dot(r, r);
        for (int i = 0; i < iterations && rr >= residualTolerance; i++) {
            double[] ap = product.apply(p);
            double curvature = dot(p, ap);
            if (!(curvature > 0)) {
                break; // A is not positive definite along p (a damped Hessian of a non-convex loss): keep the iterate so far
            }
            double step = rr / curvature;
            for (int j = 0; j < x.length; j++) {
                x[j] += step * p[j];
                r[j] -= step * ap[j];
            }
            double next = dot(r, r);
            double beta = next / rr;
            for (int j = 0; j < p.length; j++) {
                p[j] = r[j] + beta * p[j];
            }
            rr = next;
        }
        return x;
    }

    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
