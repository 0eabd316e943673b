package ai.engram.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parseval networks' retraction (Cisse et al. 2017), applied after each optimizer update: for
 * every linear layer's W (out x in, y = W x) and a random subset of its rows S,
 * <pre>
 *   S <- (1 + beta) S - beta S S^T S
 * </pre>
 * one gradient step on beta/4 ||S S^T - I||^2, which keeps W close to a Parseval tight frame
 * (W W^T = I, every singular value 1, so the layer is 1-Lipschitz). Engram stores W^T (in x out,
 * y = x W^T); rows of W are its columns, and the rule reads the same transposed.
 */
public final class ParsevalStep {

    private final List<INDArray> weights;
    private final double beta;
    private final double rowFraction;
    private final SplittableRandom random;

    private ParsevalStep(List<INDArray> weights, double beta, double rowFraction, long seed) {
        if (!(beta > 0 && beta < 1)) {
            throw new IllegalArgumentException("Parseval beta must be in (0, 1), got " + beta + " (the paper uses 0.0003 to 0.003)");
        }
        if (!(rowFraction > 0 && rowFraction <= 1)) {
            throw new IllegalArgumentException("Parseval row fraction must be in (0, 1], got " + rowFraction);
        }
        this.weights = weights;
        this.beta = beta;
        this.rowFraction = rowFraction;
        this.random = new SplittableRandom(seed);
    }

    /** The step for every Dense layer of {@code network}, those inside residual blocks too. */
    public static ParsevalStep of(Network network, double beta, double rowFraction, long seed) {
        List<INDArray> weights = new ArrayList<>();
        collect(network.layers(), network.parameters(), 0, weights);
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("Parseval steps act on Dense layers; this network has none");
        }
        return new ParsevalStep(weights, beta, rowFraction, seed);
    }

    private static int collect(List<Layer> layers, INDArray parameters, int offset, List<INDArray> into) {
        for (Layer layer : layers) {
            if (layer instanceof Dense) {
                int n = layer.inputSize() * layer.outputSize();
                into.add(parameters.get(NDArrayIndex.interval(offset, offset + n)).reshape('c', layer.inputSize(), layer.outputSize()));
                offset += layer.parameterCount();
            } else if (layer instanceof Residual r) {
                offset = collect(r.branch(), parameters, offset, into);
            } else {
                offset += layer.parameterCount();
            }
        }
        return offset;
    }

    /** This step on every weight but the last (an output layer left free to scale the logits). */
    public ParsevalStep withoutLast() {
        if (weights.size() < 2) {
            throw new IllegalArgumentException("a Parseval step without its last layer needs at least two Dense layers");
        }
        return new ParsevalStep(weights.subList(0, weights.size() - 1), beta, rowFraction, random.nextLong());
    }

    /** The weight views (in x out, i.e. W^T) the step keeps orthonormal. */
    public List<INDArray> weights() {
        return weights;
    }

    public void apply() {
        for (INDArray w : weights) {
            int out = (int) w.columns();
            int k = (int) Math.ceil(rowFraction * out);
            if (k == out) {
                w.assign(retract(w));
            } else {
                int[] rows = java.util.Arrays.copyOf(ai.engram.data.Dataset.permutation(out, random), k);
                INDArray s = retract(w.getColumns(rows));
                for (int c = 0; c < k; c++) {
                    w.putColumn(rows[c], s.getColumn(c));
                }
            }
        }
    }

    /** (1 + beta) S - beta S S^T S, on S stored transposed (in x rows): (1 + beta) S - beta S (S^T S). */
    private INDArray retract(INDArray s) {
        INDArray gram = Nd4j.gemm(s, s, true, false);
        return s.mul(1 + beta).subi(Nd4j.gemm(s, gram, false, false).muli(beta));
    }

    /** ||W W^T - I||_F of one stored weight (W W^T = stored^T stored). */
    public static double orthogonalityError(INDArray w) {
        INDArray gram = Nd4j.gemm(w, w, true, false);
        return gram.subi(Nd4j.eye(gram.rows()).castTo(gram.dataType())).norm2Number().doubleValue();
    }

    /** The largest singular value of W, by power iteration on W W^T. */
    public static double spectralNorm(INDArray w) {
        double[][] gram = Nd4j.gemm(w, w, true, false).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        int n = gram.length;
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1 / Math.sqrt(n));
        double lambda = 0;
        for (int it = 0; it < 500; it++) {
            double[] u = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    u[i] += gram[i][j] * v[j];
                }
            }
            double norm = 0;
            for (double x : u) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                v[i] = u[i] / norm;
            }
            lambda = norm;
        }
        return Math.sqrt(lambda);
    }
}
