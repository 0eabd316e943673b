package ai.engram.auxiliary.sparsevd;

import ai.engram.auxiliary.Classifier;
import ai.engram.auxiliary.Table;
import ai.engram.config.Settings;
import ai.engram.data.DataSplit;
import ai.engram.data.Dataset;
import ai.engram.nn.Activation;
import ai.engram.nn.Initializer;
import ai.engram.nn.Layer;
import ai.engram.nn.Network;
import ai.engram.nn.SparseForward;
import ai.engram.nn.VariationalDense;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Molchanov et al. (2017), sparse variational dropout, on LeNet-300-100: a dense network is
 * trained first; one of {@link VariationalDense} layers then starts from its weights (theta = W,
 * log sigma^2 = -10: the pretrained start) or from scratch, and trains on the SGVB objective per
 * example
 * <pre>
 *   L = CE(y, f(x; w ~ q)) + (lambda_t / N) sum_ij KL(q(w_ij) || p(w_ij))
 * </pre>
 * with the KL weight lambda_t warmed up linearly from 0 to 1 over the first epochs; then both
 * are evaluated deterministically, the variational net with every weight of log alpha > 3 pruned.
 */
public final class SparseVdStudy {

    /** LeNet-300-100, as the paper's Table 1. */
    public static final String DEFAULTS = Classifier.Recipe.defaults("[300, 100]", 30, 100, 1e-3, 0) + """
            start = pretrained      # the variational net starts from the trained dense net ("pretrained") or from "scratch"
            vd-epochs = 50          # epochs of sparse-VD training (after the dense net's `epochs` when pretrained)
            kl-warmup-epochs = 10   # epochs over which the KL weight rises linearly from 0 to 1
            train-size = 0          # training examples used, 0 for all
            """;

    public record Config(Classifier.Recipe recipe, boolean pretrained, int vdEpochs, int warmupEpochs, int trainSize) {

        public static Config from(Settings s) {
            return new Config(Classifier.Recipe.from(s), s.choice("start", "scratch", "pretrained").equals("pretrained"),
                    s.integer("vd-epochs", 1, 100_000), s.integer("kl-warmup-epochs", 0, 100_000), s.integer("train-size", 0, 10_000_000));
        }
    }

    /** Test accuracies, the sparsity of each variational layer and overall, training seconds per epoch. */
    public record Result(double denseAccuracy, double sparseAccuracy, double[] layerSparsity, double sparsity, int trainSize,
                         double denseSecondsPerEpoch, double sparseSecondsPerEpoch, double denseMicrosPerExample,
                         double sparseMicrosPerExample) {
    }

    private SparseVdStudy() {
    }

    /** An MLP of VariationalDense layers with ReLUs between: what {@code sparse-vd} makes of a network. */
    public static Network network(int inputs, int[] hidden, int outputs, long seed) {
        List<Layer> layers = new ArrayList<>();
        int width = inputs;
        for (int i = 0; i <= hidden.length; i++) {
            int next = i < hidden.length ? hidden[i] : outputs;
            layers.add(new VariationalDense(width, next, new Initializer.HeUniform(), seed + 1 + i));
            if (i < hidden.length) {
                layers.add(new Activation(Activation.Kind.RELU, next));
            }
            width = next;
        }
        return new Network(layers, seed);
    }

    public static Result run(DataSplit data, Config c) {
        Dataset train = c.trainSize() == 0 ? data.train() : data.train().shuffled(c.recipe().training().seed())
                .range(0, Math.min(c.trainSize(), data.train().size()));
        Classifier.Training t = c.recipe().training();
        Classifier dense = Classifier.mlp(train.features(), c.recipe().hidden(), train.classes(), t.seed());
        long start = System.nanoTime();
        dense.train(train, t);
        double denseSeconds = (System.nanoTime() - start) / 1e9 / t.epochs();
        Network network = network(train.features(), c.recipe().hidden(), train.classes(), t.seed());
        if (c.pretrained()) {
            startFrom(dense.network(), network);
        }
        Classifier sparse = new Classifier(network);
        int stepsPerEpoch = (train.size() + t.batchSize() - 1) / t.batchSize();
        long[] step = {0};
        Classifier.Training vd = new Classifier.Training(c.vdEpochs(), t.batchSize(), t.learningRate(), t.weightDecay(), t.seed());
        start = System.nanoTime();
        sparse.train(train, vd, new Classifier.Hooks(() -> {
            double lambda = c.warmupEpochs() == 0 ? 1 : Math.min(1, (double) step[0]++ / (c.warmupEpochs() * stepsPerEpoch));
            VariationalDense.addKlGradient(network, lambda / train.size());
        }, () -> { }));
        double sparseSeconds = (System.nanoTime() - start) / 1e9 / vd.epochs();
        VariationalDense.stochastic(network, false);
        double[] layers = network.layers().stream().filter(l -> l instanceof VariationalDense)
                .mapToDouble(l -> (double) ((VariationalDense) l).pruned() / ((VariationalDense) l).weightCount()).toArray();
        return new Result(dense.accuracy(data.test()), sparse.accuracy(data.test()), layers, VariationalDense.sparsity(network), train.size(),
                denseSeconds, sparseSeconds, microsPerExample(dense.network().plainForward()::apply, dense.network().snapshot(), data.test()),
                microsPerExample(sparseActor(network), null, data.test()));
    }

    /** theta = W and b = b of the trained dense net, layer by layer (log sigma^2 keeps its initial -10): the pretrained start. */
    private static void startFrom(Network dense, Network variational) {
        float[] from = dense.snapshot();
        float[] to = variational.snapshot();
        int f = 0;
        int v = 0;
        for (int i = 0; i < dense.layers().size(); i++) {
            Layer d = dense.layers().get(i);
            if (variational.layers().get(i) instanceof VariationalDense layer) {
                int n = layer.weightCount();
                System.arraycopy(from, f, to, v, n);
                System.arraycopy(from, f + n, to, v + 2 * n, layer.outputSize());
            }
            f += d.parameterCount();
            v += variational.layers().get(i).parameterCount();
        }
        variational.setParameters(to);
    }

    /** One example at a time, as an actor evaluates a policy: what acting from the kept weights alone saves. */
    private interface OneExample {
        float[] apply(float[] parameters, float[] inputs, int offset);
    }

    private static OneExample sparseActor(Network network) {
        SparseForward sparse = new SparseForward(network.layers(), network.snapshot());
        return (p, x, offset) -> sparse.apply(x, offset);
    }

    /** Mean microseconds per example over 5 passes through {@code data} (the first warms the JIT up). */
    private static double microsPerExample(OneExample f, float[] parameters, Dataset data) {
        double sink = 0;
        long start = 0;
        for (int pass = 0; pass < 5; pass++) {
            if (pass == 1) {
                start = System.nanoTime();
            }
            for (int i = 0; i < data.size(); i++) {
                sink += f.apply(parameters, data.inputs(), i * data.features())[0];
            }
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("a forward pass gave NaN");
        }
        return (System.nanoTime() - start) / 1e3 / (4.0 * data.size());
    }

    public static Table table(String dataset, Config c, Result r) {
        List<String> header = new ArrayList<>(List.of("model", "test accuracy", "weights kept", "s / epoch",
                "us / example, one at a time"));
        for (int i = 0; i < r.layerSparsity().length; i++) {
            header.add("layer " + (i + 1) + " sparsity");
        }
        List<String> dense = new ArrayList<>(List.of("dense", pct(r.denseAccuracy()), "100%",
                String.format(Locale.ROOT, "%.2f", r.denseSecondsPerEpoch()),
                String.format(Locale.ROOT, "%.1f", r.denseMicrosPerExample())));
        List<String> sparse = new ArrayList<>(List.of("sparse VD (log alpha > 3 pruned)", pct(r.sparseAccuracy()), pct(1 - r.sparsity()),
                String.format(Locale.ROOT, "%.2f", r.sparseSecondsPerEpoch()),
                String.format(Locale.ROOT, "%.1f", r.sparseMicrosPerExample())));
        for (double s : r.layerSparsity()) {
            dense.add("0%");
            sparse.add(pct(s));
        }
        return new Table(String.format(Locale.ROOT, "Sparse variational dropout (Molchanov et al. 2017) on %s test, MLP %s trained on %d"
                        + " examples: dense %d epochs, sparse VD %d epochs from %s", dataset, Arrays.toString(c.recipe().hidden()), r.trainSize(),
                        c.recipe().training().epochs(), c.vdEpochs(), c.pretrained() ? "the trained dense net" : "scratch"),
                header, List.of(dense, sparse),
                List.of(String.format(Locale.ROOT, "sparsity %.2f%% (compression %.0fx), accuracy change %+.2f points; KL warm-up %d epochs.",
                        100 * r.sparsity(), 1 / (1 - r.sparsity()), 100 * (r.sparseAccuracy() - r.denseAccuracy()), c.warmupEpochs())));
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
