package ai.engram.auxiliary.sharpness;

import ai.engram.nn.Activation;
import ai.engram.nn.ConjugateGradient;
import ai.engram.nn.Curvature;
import ai.engram.nn.Dense;
import ai.engram.nn.Network;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Dinh et al. (2017), Sharp Minima Can Generalize For Deep Nets: two measures of a minimum's
 * sharpness, and the reparametrization that changes both without changing the function.
 *
 * <ul>
 *   <li>the spectral norm of the Hessian, its largest eigenvalue at a minimum, by power iteration on
 *       exact Hessian-vector products ({@link Curvature});</li>
 *   <li>epsilon-sharpness (their Definition 3): max over ||theta' - theta||_2 <= epsilon of
 *       (L(theta') - L(theta)) / (1 + L(theta)), by projected gradient ascent from the top eigenvector;</li>
 *   <li>alpha-rescaling: ReLU is positively homogeneous, so (W1, b1, W2) -> (alpha W1, alpha b1, W2 / alpha)
 *       computes the same function, while H's block in W2 grows like alpha^2.</li>
 * </ul>
 */
public final class Sharpness {

    private Sharpness() {
    }

    /** An eigenvalue estimate, the power iterations it took and its unit eigenvector. */
    public record Eigen(double value, int iterations, double[] vector) {
    }

    /**
     * The eigenvalue of largest magnitude of the symmetric matrix whose products {@code hvp} gives
     * (at a minimum: the largest, the sharpness), by power iteration from a seeded random start,
     * stopping when the Rayleigh quotient v . H v changes by less than {@code tolerance} relatively.
     */
    public static Eigen largestEigenvalue(UnaryOperator<double[]> hvp, int n, int maxIterations, double tolerance, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = normalized(random.doubles(n, -1, 1).toArray());
        double lambda = Double.NaN;
        for (int it = 1; it <= maxIterations; it++) {
            double[] w = hvp.apply(v);
            double next = ConjugateGradient.dot(v, w);
            v = normalized(w);
            if (Math.abs(next - lambda) <= tolerance * Math.abs(next)) {
                return new Eigen(next, it, v);
            }
            lambda = next;
        }
        return new Eigen(lambda, maxIterations, v);
    }

    /**
     * The smallest eigenvalue of the symmetric matrix whose products {@code hvp} gives, where
     * {@code largest} is its largest ({@link #largestEigenvalue}'s value): H - largest I has no
     * positive eigenvalue, so its eigenvalue of largest magnitude is the smallest of H's, shifted.
     * Negative where H is indefinite (off a minimum, a non-convex model).
     */
    public static double smallestEigenvalue(UnaryOperator<double[]> hvp, double largest, int n, int maxIterations, double tolerance,
                                            long seed) {
        UnaryOperator<double[]> shifted = v -> {
            double[] hv = hvp.apply(v);
            for (int i = 0; i < hv.length; i++) {
                hv[i] -= largest * v[i];
            }
            return hv;
        };
        return largest + largestEigenvalue(shifted, n, maxIterations, tolerance, seed).value();
    }

    /**
     * Epsilon-sharpness of {@code loss} at the network's parameters: the largest relative rise of
     * the loss within the Euclidean ball of radius epsilon, by {@code steps} steps of normalized
     * gradient ascent (step epsilon / 4) projected onto the ball, starting at epsilon * {@code start}.
     * The network's parameters are restored.
     */
    public static double epsilonSharpness(Network network, INDArray x, Curvature.OutputLoss loss, double epsilon, double[] start, int steps) {
        double[] theta = network.parameters().toDoubleVector();
        double base = Curvature.at(network, x, loss).value();
        double[] delta = normalized(start.clone());
        scale(delta, epsilon);
        double best = 0;
        for (int s = 0; s <= steps; s++) {
            double[] moved = theta.clone();
            for (int j = 0; j < moved.length; j++) {
                moved[j] += delta[j];
            }
            network.parameters().assign(Nd4j.createFromArray(moved).castTo(network.parameters().dataType()));
            Curvature c = Curvature.at(network, x, loss);
            best = Math.max(best, (c.value() - base) / (1 + base));
            double[] g = normalized(c.gradient());
            for (int j = 0; j < delta.length; j++) {
                delta[j] += epsilon / 4 * g[j];
            }
            double norm = Math.sqrt(ConjugateGradient.dot(delta, delta));
            if (norm > epsilon) {
                scale(delta, epsilon / norm);
            }
        }
        network.parameters().assign(Nd4j.createFromArray(theta).castTo(network.parameters().dataType()));
        return best;
    }

    /**
     * Dinh et al.'s alpha-rescaling, in place: the first Dense layer's weights and bias times alpha,
     * the next Dense layer's weights divided by alpha. Needs a ReLU between them (alpha > 0).
     */
    public static void rescale(Network network, double alpha) {
        List<int[]> dense = Curvature.denseOffsets(network);
        if (!(alpha > 0) || dense.size() < 2 || !(network.layers().get(dense.get(0)[0] + 1) instanceof Activation a)
                || a.kind() != Activation.Kind.RELU || dense.get(1)[0] != dense.get(0)[0] + 2) {
            throw new IllegalArgumentException("alpha-rescaling needs alpha > 0 and a network starting Dense, ReLU, Dense; got alpha "
                    + alpha + " and layers " + network.layers().stream().map(l -> l.getClass().getSimpleName()).toList());
        }
        Dense first = (Dense) network.layers().get(dense.get(0)[0]);
        Dense second = (Dense) network.layers().get(dense.get(1)[0]);
        INDArray p = network.parameters();
        int o1 = dense.get(0)[1];
        p.get(NDArrayIndex.interval(o1, o1 + first.parameterCount())).muli(alpha);
        int o2 = dense.get(1)[1];
        p.get(NDArrayIndex.interval(o2, o2 + second.inputSize() * second.outputSize())).divi(alpha);
    }

    private static double[] normalized(double[] v) {
        double norm = Math.sqrt(ConjugateGradient.dot(v, v));
        if (norm > 0) {
            scale(v, 1 / norm);
        }
        return v;
    }

    private static void scale(double[] v, double a) {
        for (int j = 0; j < v.length; j++) {
            v[j] *= a;
        }
    }
}
