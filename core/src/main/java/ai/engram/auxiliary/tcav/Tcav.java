package ai.engram.auxiliary.tcav;

import ai.engram.nn.Network;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.math3.stat.inference.TTest;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * TCAV (Kim et al. 2018, "Interpretability Beyond Feature Attribution: Quantitative Testing with
 * Concept Activation Vectors"). At layer l, a linear classifier separates the activations of
 * concept examples from those of random examples; the unit normal of its boundary, pointing to the
 * concept, is the concept activation vector v_C. The conceptual sensitivity of class k at input x
 * is the directional derivative S_{C,k,l}(x) = ∇h_{l,k}(f_l(x)) · v_C of the class-k logit along
 * it, and the TCAV score TCAV_Q = |{x in X_k : S(x) &gt; 0}| / |X_k|. Repeated against many random
 * sets, the scores are compared with those of random-vs-random CAVs by a two-sided t-test: a
 * concept is reported only when the difference is significant.
 *
 * <p>The network is this object's own (a copy made from a parameter snapshot): forward and
 * backward passes run on ND4J in whole batches, the small linear classifiers in plain Java.
 */
public final class Tcav {

    /** Significance level of the t-test. */
    public static final double ALPHA = 0.05;

    private final Network network;
    private final int layer;

    public Tcav(Network network, int layer) {
        if (layer < 0 || layer >= network.layers().size() - 1) {
            throw new IllegalArgumentException("TCAV probes a hidden layer: 0 .. " + (network.layers().size() - 2) + ", got " + layer);
        }
        this.network = network;
        this.layer = layer;
    }

    /** f_l(x) for {@code count} inputs (row-major), one row each. */
    public double[][] activations(float[] inputs, int count) {
        network.forward(Nd4j.createFromArray(inputs).reshape(count, network.inputSize()));
        return rows(network.activation(layer));
    }

    /** ∇h_{l,k}(f_l(x)) of output {@code k} for {@code count} inputs: one batched forward and backward pass. */
    public double[][] logitGradients(float[] inputs, int count, int k) {
        INDArray z = network.forward(Nd4j.createFromArray(inputs).reshape(count, network.inputSize()));
        INDArray oneHot = z.ulike().assign(0);
        oneHot.getColumn(k).assign(1);
        return rows(network.gradientAt(layer, oneHot));
    }

    /** The TCAV scores of a concept against several random sets, and of random-vs-random CAVs, with the t-test. */
    public record Result(double[] scores, double[] randomScores, double pValue) {

        public double mean() {
            return Arrays.stream(scores).average().orElse(Double.NaN);
        }

        public boolean significant() {
            return pValue < ALPHA;
        }
    }

    /**
     * Tests {@code concept} against each of {@code randoms} (activations at this layer), once per
     * class given by its gradients: CAV i separates the concept from random set i; the null CAVs
     * separate the disjoint pairs of random sets (0, 1), (2, 3), ..., so they are independent of
     * one another (a chain (0, 1), (1, 2), ... would make their mean-difference directions sum to
     * nothing and their scores balance). The CAVs are fitted once and scored for every class.
     */
    public static List<Result> test(double[][] concept, List<double[][]> randoms, List<double[][]> gradients) {
        if (randoms.size() < 6 || randoms.size() % 2 != 0) {
            throw new IllegalArgumentException("TCAV's t-test needs an even number of at least 6 random sets, got " + randoms.size());
        }
        double[][] cavs = randoms.stream().map(random -> cav(concept, random)).toArray(double[][]::new);
        double[][] nullCavs = IntStream.range(0, randoms.size() / 2)
                .mapToObj(i -> cav(randoms.get(2 * i), randoms.get(2 * i + 1))).toArray(double[][]::new);
        return gradients.stream().map(g -> {
            double[] scores = Arrays.stream(cavs).mapToDouble(v -> score(g, v)).toArray();
            double[] nulls = Arrays.stream(nullCavs).mapToDouble(v -> score(g, v)).toArray();
            double p = variance(scores) == 0 && variance(nulls) == 0
                    ? (mean(scores) == mean(nulls) ? 1 : 0)
                    : new TTest().tTest(scores, nulls);
            return new Result(scores, nulls, p);
        }).toList();
    }

    /** TCAV_Q: the fraction of rows of {@code gradients} with a positive directional derivative along {@code cav}. */
    public static double score(double[][] gradients, double[] cav) {
        int positive = 0;
        for (double[] g : gradients) {
            if (dot(g, cav) > 0) {
                positive++;
            }
        }
        return (double) positive / gradients.length;
    }

    /**
     * The CAV: the unit normal of an L2-regularized logistic regression separating {@code concept}
     * (label 1) from {@code random} (label 0), fitted by full-batch gradient descent on activations
     * divided by their RMS (one scale for all, so the direction is unchanged).
     */
    public static double[] cav(double[][] concept, double[][] random) {
        int d = concept[0].length;
        double[][] x = new double[concept.length + random.length][];
        double[] y = new double[x.length];
        System.arraycopy(concept, 0, x, 0, concept.length);
        System.arraycopy(random, 0, x, concept.length, random.length);
        Arrays.fill(y, 0, concept.length, 1);
        double squares = 0;
        for (double[] row : x) {
            squares += dot(row, row);
        }
        double scale = Math.sqrt(squares / x.length) + 1e-12;
        double[] w = new double[d];
        double b = 0;
        double[] gradient = new double[d];
        for (int iteration = 0; iteration < 300; iteration++) {
            Arrays.fill(gradient, 0);
            double gb = 0;
            for (int i = 0; i < x.length; i++) {
                double error = 1 / (1 + Math.exp(-(dot(x[i], w) / scale + b))) - y[i];
                for (int j = 0; j < d; j++) {
                    gradient[j] += error * x[i][j] / scale;
                }
                gb += error;
            }
            for (int j = 0; j < d; j++) {
                w[j] -= 1.0 * (gradient[j] / x.length + 1e-3 * w[j]);
            }
            b -= 1.0 * gb / x.length;
        }
        double norm = Math.sqrt(dot(w, w));
        if (norm == 0) {
            return w; // the sets were indistinguishable: no direction, no sensitivity
        }
        for (int j = 0; j < d; j++) {
            w[j] /= norm;
        }
        return w;
    }

    private static double[][] rows(INDArray matrix) {
        return matrix.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double variance(double[] v) {
        double m = mean(v);
        return Arrays.stream(v).map(x -> (x - m) * (x - m)).sum();
    }
}
