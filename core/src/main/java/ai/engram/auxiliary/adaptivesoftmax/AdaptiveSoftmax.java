package ai.engram.auxiliary.adaptivesoftmax;

import ai.engram.nn.Dense;
import ai.engram.nn.Initializer;
import ai.engram.nn.Layer;
import ai.engram.nn.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterAdd;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The adaptive softmax of Grave, Joulin, Cisse, Grangier and Jegou (2017), "Efficient softmax
 * approximation for GPUs". Word ids are frequency ranks. The vocabulary is cut into a head V_h
 * (the k_h most frequent words, a shortlist) and tail clusters V_1 .. V_J. The head classifier
 * scores the shortlist and one entry per cluster; cluster i scores its own words from h projected
 * to d / 4^i dimensions (rare words get less capacity). For w in V_i,
 * p(w | h) = p_head(i | h) p_i(w | h), and p(w | h) = p_head(w | h) in the head: a normalized
 * distribution over the whole vocabulary, so the log-likelihood is exact. A batch pays the head
 * for every row but cluster i only for the rows whose target is in V_i.
 */
public final class AdaptiveSoftmax implements Softmax {

    /** Cluster i's width is d / DIVISOR^i, the paper's choice. */
    public static final int DIVISOR = 4;

    /** cutoffs[0] = k_h; cluster i holds the ids [cutoffs[i - 1], cutoffs[i]); the last is |V|. */
    private final int[] cutoffs;
    private final Dense head;
    private final Dense[] projection;
    private final Dense[] output;
    private final Network.Flat flat;

    public AdaptiveSoftmax(int d, int[] cutoffs, long seed, DataType type) {
        int clusters = cutoffs.length - 1;
        if (clusters < 1) {
            throw new IllegalArgumentException("an adaptive softmax needs a head and at least one tail cluster, got cutoffs "
                    + Arrays.toString(cutoffs));
        }
        for (int i = 0; i < cutoffs.length; i++) {
            if (cutoffs[i] <= (i == 0 ? 0 : cutoffs[i - 1])) {
                throw new IllegalArgumentException("cutoffs must increase from a positive head size, got " + Arrays.toString(cutoffs));
            }
        }
        if (d / Math.pow(DIVISOR, clusters) < 1) {
            throw new IllegalArgumentException("hidden size " + d + " is too small for " + clusters + " clusters of width d / "
                    + DIVISOR + "^i");
        }
        this.cutoffs = cutoffs.clone();
        Initializer glorot = new Initializer.GlorotUniform();
        head = new Dense(d, cutoffs[0] + clusters, glorot);
        projection = new Dense[clusters];
        output = new Dense[clusters];
        List<Layer> layers = new ArrayList<>(List.of(head));
        for (int i = 0; i < clusters; i++) {
            int width = (int) (d / Math.pow(DIVISOR, i + 1));
            // the projection's bias is redundant with the output's (both linear) but costs one op: Dense as it is
            projection[i] = new Dense(d, width, glorot);
            output[i] = new Dense(width, cutoffs[i + 1] - cutoffs[i], glorot);
            layers.add(projection[i]);
            layers.add(output[i]);
        }
        flat = Network.bind(layers, seed, type);
    }

    public int[] cutoffs() {
        return cutoffs.clone();
    }

    @Override
    public int vocabulary() {
        return cutoffs[cutoffs.length - 1];
    }

    @Override
    public Network.Flat flat() {
        return flat;
    }

    /** 0 for the head, i for tail cluster V_i. */
    public int cluster(int word) {
        int c = 0;
        while (word >= cutoffs[c]) {
            c++;
        }
        return c;
    }

    @Override
    public Loss loss(INDArray h, int[] targets, boolean train) {
        Softmax.check(targets, vocabulary(), h.rows());
        int batch = targets.length;
        int clusters = cutoffs.length - 1;
        double scale = train ? 1.0 / batch : 0;
        // the head's target: the word itself in the shortlist, else its cluster's entry
        int[] headTarget = new int[batch];
        List<List<Integer>> rows = new ArrayList<>();
        for (int i = 0; i < clusters; i++) {
            rows.add(new ArrayList<>());
        }
        for (int r = 0; r < batch; r++) {
            int c = cluster(targets[r]);
            headTarget[r] = c == 0 ? targets[r] : cutoffs[0] + c - 1;
            if (c > 0) {
                rows.get(c - 1).add(r);
            }
        }
        if (train) {
            // a cluster no target of this batch falls in gets no gradient: zero them all, the others overwrite theirs
            flat.gradients().assign(0);
        }
        INDArray z = head.forward(h);
        double sum = Softmax.crossEntropy(z, headTarget, scale);
        INDArray dh = train ? head.backward(z, true) : null;
        for (int i = 0; i < clusters; i++) {
            if (rows.get(i).isEmpty()) {
                continue;
            }
            int[] in = rows.get(i).stream().mapToInt(Integer::intValue).toArray();
            int[] local = new int[in.length];
            for (int k = 0; k < in.length; k++) {
                local[k] = targets[in[k]] - cutoffs[i];
            }
            INDArray zi = output[i].forward(projection[i].forward(Nd4j.pullRows(h, 1, in)));
            sum += Softmax.crossEntropy(zi, local, scale);
            if (train) {
                INDArray dhi = projection[i].backward(output[i].backward(zi, true), true);
                ScatterAdd add = new ScatterAdd(dh, Nd4j.createFromArray(in), dhi);
                add.addOutputArgument(dh);
                Nd4j.exec(add);
            }
        }
        return new Loss(sum, dh);
    }

    @Override
    public INDArray logProbabilities(INDArray h) {
        INDArray logHead = Softmax.logSoftmax(head.forward(h));
        INDArray all = Nd4j.create(h.dataType(), h.rows(), vocabulary());
        all.get(NDArrayIndex.all(), NDArrayIndex.interval(0, cutoffs[0])).assign(logHead.get(NDArrayIndex.all(),
                NDArrayIndex.interval(0, cutoffs[0])));
        for (int i = 0; i < output.length; i++) {
            INDArray logTail = Softmax.logSoftmax(output[i].forward(projection[i].forward(h)));
            logTail.addiColumnVector(logHead.getColumn(cutoffs[0] + i, true));
            all.get(NDArrayIndex.all(), NDArrayIndex.interval(cutoffs[i], cutoffs[i + 1])).assign(logTail);
        }
        return all;
    }

    /**
     * The paper's computation-time model, on this machine: a product of a (B x m) by an (m x k)
     * matrix takes g(k, B) = c + lambda m k B, the paper's max(c + lambda k0 B0, c + lambda k B)
     * with k0 B0 -> 0 because a CPU has no idle lanes to fill; c is ND4J's fixed cost per op
     * (DESIGN.md: 8-60 us) times the ~12 ops a cluster takes (gather, two products forward, four
     * backward, two bias sums, log-softmax, exp, scatter), and lambda the time of one multiply-add
     * (~30 G/s on one core).
     */
    public record CostModel(double secondsPerCluster, double secondsPerMultiplyAdd) {

        public static final CostModel CPU = new CostModel(12 * 20e-6, 1 / 30e9);

        /** A product of (rows x m) by (m x k) forward and its two backward products: 3 m k rows multiply-adds. */
        double product(double rows, int m, int k) {
            return 3 * secondsPerMultiplyAdd * rows * m * k;
        }

        /** The full softmax's predicted time over the adaptive one's with {@code cutoffs} (a single cutoff |V|: the full softmax). */
        public double speedup(int[] cutoffs, long[] frequency, int d, int batch) {
            double[] cumulative = cumulative(frequency);
            return cost(new int[] {frequency.length}, cumulative, d, batch) / cost(cutoffs, cumulative, d, batch);
        }

        /** p(rank < w) for w = 0 .. |V|. */
        private static double[] cumulative(long[] frequency) {
            double[] cumulative = new double[frequency.length + 1];
            double total = Arrays.stream(frequency).sum();
            for (int w = 0; w < frequency.length; w++) {
                cumulative[w + 1] = cumulative[w] + frequency[w] / total;
            }
            return cumulative;
        }

        /** Expected seconds per batch: C = g(k_h + J, B) + sum_i g(k_i, p_i B), with cluster i's two products. */
        private double cost(int[] cutoffs, double[] cumulative, int d, int batch) {
            int clusters = cutoffs.length - 1;
            double c = product(batch, d, cutoffs[0] + clusters);
            for (int i = 1; i <= clusters; i++) {
                c += cluster(i, cutoffs[i - 1], cutoffs[i], cumulative, d, batch);
            }
            return c;
        }

        /** Tail cluster i holding ranks [from, to): the fixed cost, h projected to d / 4^i, then scored. */
        private double cluster(int i, int from, int to, double[] cumulative, int d, int batch) {
            double rows = (cumulative[to] - cumulative[from]) * batch;
            int width = (int) (d / Math.pow(DIVISOR, i));
            return secondsPerCluster + product(rows, d, width) + product(rows, width, to - from);
        }

        /**
         * The cutoffs with {@code clusters} tail clusters that minimize {@link #cost}, over head and
         * cluster boundaries on multiples of {@code grid} words. The cost is additive over clusters,
         * so a dynamic program over (cluster, first word) finds the optimum exactly:
         * best[i][a] = min_b cost of cluster i on [a, b) + best[i + 1][b].
         * {@code frequency} holds the words' counts by rank (ids are ranks).
         */
        public int[] cutoffs(long[] frequency, int d, int batch, int clusters, int grid) {
            int v = frequency.length;
            double[] cumulative = cumulative(frequency);
            int[] points = IntStream.concat(IntStream.iterate(grid, b -> b < v, b -> b + grid),
                    IntStream.of(v)).toArray();
            int n = points.length;
            if (n < clusters + 1) {
                throw new IllegalArgumentException("a vocabulary of " + v + " words cannot hold a head and " + clusters
                        + " clusters on a grid of " + grid);
            }
            double[][] best = new double[clusters + 2][n];
            int[][] next = new int[clusters + 2][n];
            for (double[] row : best) {
                Arrays.fill(row, Double.POSITIVE_INFINITY);
            }
            best[clusters + 1][n - 1] = 0;
            for (int i = clusters; i >= 1; i--) {
                for (int a = 0; a < n - 1; a++) {
                    for (int b = a + 1; b < n; b++) {
                        double c = cluster(i, points[a], points[b], cumulative, d, batch) + best[i + 1][b];
                        if (c < best[i][a]) {
                            best[i][a] = c;
                            next[i][a] = b;
                        }
                    }
                }
            }
            int head = 0;
            for (int a = 1; a < n - 1; a++) {
                if (product(batch, d, points[a] + clusters) + best[1][a] < product(batch, d, points[head] + clusters) + best[1][head]) {
                    head = a;
                }
            }
            int[] cut = new int[clusters + 1];
            int a = head;
            cut[0] = points[a];
            for (int i = 1; i <= clusters; i++) {
                a = next[i][a];
                cut[i] = points[a];
            }
            return cut;
        }
    }
}
