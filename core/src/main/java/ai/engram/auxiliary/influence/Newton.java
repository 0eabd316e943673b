package ai.engram.auxiliary.influence;

import ai.engram.nn.ConjugateGradient;
import ai.engram.nn.Curvature;
import ai.engram.nn.Network;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Newton-CG with a backtracking line search: minimizes L(theta) + weightDecay / 2 ||theta||^2 to
 * a gradient norm of 1e-12 and below, where first-order training stops far short. Leave-one-out
 * retraining needs that precision: the change it measures is of order 1/n.
 */
final class Newton {

    private Newton() {
    }

    /** Moves {@code network} to the minimum near its parameters; returns the final gradient norm. */
    static double minimize(Network network, INDArray x, Curvature.OutputLoss loss, double weightDecay, double tolerance,
                           int maxIterations) {
        Step step = null;
        for (int it = 0; it < maxIterations && (step == null || !step.last()); it++) {
            // an iteration's arrays (a Curvature per line-search trial) live in a reused workspace: garbage
            // collection alone frees off-heap memory far slower than hundreds of retrainings allocate it
            try (MemoryWorkspace ignored = Curvature.reusedWorkspace("newton-iteration")) {
                step = iterate(network, x, loss, weightDecay, tolerance);
            }
        }
        return step == null ? Double.NaN : step.gradientNorm();
    }

    /** The gradient norm where a step started, and whether it was the last (converged, or no decrease left). */
    private record Step(double gradientNorm, boolean last) {
    }

    private static Step iterate(Network network, INDArray x, Curvature.OutputLoss loss, double weightDecay, double tolerance) {
        Curvature c = Curvature.at(network, x, loss, weightDecay);
        double[] g = c.gradient();
        double norm = Math.sqrt(ConjugateGradient.dot(g, g));
        if (norm < tolerance) {
            return new Step(norm, true);
        }
        double[] minusG = new double[g.length];
        for (int j = 0; j < g.length; j++) {
            minusG[j] = -g[j];
        }
        // solve H d = -g to a residual shrinking with ||g||: superlinear convergence near the minimum
        double[] d = InverseHvp.conjugateGradient(c::hessianVector, minusG, 4 * g.length, Math.min(0.1, Math.sqrt(norm)));
        double slope = ConjugateGradient.dot(g, d);
        if (!(slope < 0)) { // negative curvature met (a non-convex model): fall back to steepest descent
            d = minusG;
            slope = -norm * norm;
        }
        double[] theta = network.parameters().toDoubleVector();
        // Armijo's sufficient decrease, short of what float64 can see: near the minimum the decrease
        // a Newton step makes (~||g||^2 / lambda) falls below the rounding of L, and the step is still right
        double rounding = 1e-14 * Math.max(1, Math.abs(c.value()));
        double step = 1;
        for (int halving = 0; halving < 50; halving++, step /= 2) {
            network.parameters().assign(Nd4j.createFromArray(axpy(step, d, theta)));
            if (Curvature.at(network, x, loss, weightDecay).value() <= c.value() + 1e-4 * step * slope + rounding) {
                return new Step(norm, false);
            }
        }
        network.parameters().assign(Nd4j.createFromArray(theta));
        return new Step(norm, true); // no decrease left at float64 precision
    }

    /** y + a x, as a new array. */
    private static double[] axpy(double a, double[] x, double[] y) {
        double[] out = y.clone();
        for (int j = 0; j < out.length; j++) {
            out[j] += a * x[j];
        }
        return out;
    }
}
