package ai.engram.auxiliary.adaptivesoftmax;

import ai.engram.auxiliary.Table;
import ai.engram.config.Settings;
import ai.engram.data.Sotu;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Grave et al.'s claim at this corpus's size: the same n-gram language model trained on the State
 * of the Union addresses with a full softmax and with an adaptive softmax whose clusters come from
 * the cost model, on the same batches in alternation (so load on the machine hits both alike).
 * Reported: the median time of a whole training step (forward, backward, Adam) and the exact
 * held-out perplexity of each, beside a unigram model's.
 */
public final class AdaptiveSoftmaxStudy {

    public static final String DEFAULTS = """
            vocabulary = 12000        # words kept, <unk> and </s> included; rarer training words become <unk>
            held-out-from = 2005      # addresses from this year on are held out
            context = 3               # n, previous words the model sees
            embedding = 64            # width of a word's embedding
            hidden = 256              # d, the hidden vector both softmaxes read
            clusters = 2              # J, tail clusters; their sizes from the cost model
            grid = 100                # cluster boundaries searched on multiples of this many words
            batch = 256
            steps = 1500              # training steps of each model
            learning-rate = 1e-3      # Adam
            seed = 1
            """;

    public record Config(int vocabulary, int heldOutFrom, int context, int embedding, int hidden, int clusters, int grid, int batch,
                         int steps, double learningRate, long seed) {

        public static Config from(Settings s) {
            return new Config(s.integer("vocabulary", 3, 1_000_000), s.integer("held-out-from", 1791, 2021), s.integer("context", 1, 16),
                    s.integer("embedding", 1, 1024), s.integer("hidden", 4, 4096), s.integer("clusters", 1, 5), s.integer("grid", 1, 100_000),
                    s.integer("batch", 1, 100_000), s.integer("steps", 1, 10_000_000), s.number("learning-rate", 1e-9, 10),
                    s.longInteger("seed", 0));
        }
    }

    /** One trained model: its parameter count, median milliseconds per training step, and held-out perplexity. */
    public record Row(String model, int parameters, double msPerBatch, double perplexity) {
    }

    public record Result(int vocabulary, int trainTokens, int heldOutTokens, int[] cutoffs, double predictedSpeedup, double unigram,
                         Row full, Row adaptive) {
    }

    private AdaptiveSoftmaxStudy() {
    }

    public static Result run(Config c) {
        return run(Corpus.of(Sotu.load(), c.heldOutFrom(), c.vocabulary()), c);
    }

    public static Result run(Corpus corpus, Config c) {
        int v = corpus.size();
        AdaptiveSoftmax.CostModel model = AdaptiveSoftmax.CostModel.CPU;
        int[] cutoffs = model.cutoffs(corpus.counts(), c.hidden(), c.batch(), c.clusters(), c.grid());
        double predicted = model.speedup(cutoffs, corpus.counts(), c.hidden(), c.batch());
        NgramLm full = new NgramLm(c.context(), c.embedding(), c.hidden(), new FullSoftmax(c.hidden(), v, c.seed(), DataType.FLOAT),
                c.learningRate(), c.seed());
        NgramLm adaptive = new NgramLm(c.context(), c.embedding(), c.hidden(), new AdaptiveSoftmax(c.hidden(), cutoffs, c.seed(),
                DataType.FLOAT), c.learningRate(), c.seed());
        double[] fullMs = new double[c.steps()];
        double[] adaptiveMs = new double[c.steps()];
        SplittableRandom random = new SplittableRandom(c.seed());
        int[] train = corpus.train();
        for (int step = 0; step < c.steps(); step++) {
            int[] positions = random.ints(c.batch(), 1, train.length).toArray();
            long t0 = System.nanoTime();
            full.step(train, positions);
            long t1 = System.nanoTime();
            adaptive.step(train, positions);
            long t2 = System.nanoTime();
            fullMs[step] = (t1 - t0) / 1e6;
            adaptiveMs[step] = (t2 - t1) / 1e6;
        }
        int evalBatch = 1024;
        return new Result(v, train.length - 1, corpus.heldOut().length - 1, cutoffs, predicted, corpus.unigramPerplexity(),
                new Row("full softmax", full.parameterCount(), median(fullMs), full.perplexity(corpus.heldOut(), evalBatch)),
                new Row("adaptive softmax", adaptive.parameterCount(), median(adaptiveMs), adaptive.perplexity(corpus.heldOut(), evalBatch)));
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    public static Table table(Config c, Result r) {
        double speedup = r.full().msPerBatch() / r.adaptive().msPerBatch();
        List<List<String>> rows = List.of(
                List.of("unigram (add-one)", "-", "-", "-", f("%.1f", r.unigram())),
                row(r.full(), "1.00x"),
                row(r.adaptive(), f("%.2fx", speedup)));
        return new Table(f("Adaptive softmax (Grave et al. 2017) on the State of the Union addresses: %d-gram feed-forward LM, d = %d,"
                        + " |V| = %d, %d training and %d held-out tokens (addresses from %d on)", c.context() + 1, c.hidden(),
                r.vocabulary(), r.trainTokens(), r.heldOutTokens(), c.heldOutFrom()),
                List.of("model", "parameters", "ms per batch (median)", "speed-up", "held-out perplexity"), rows,
                List.of(f("Adaptive softmax cutoffs %s (head of %d words + %d cluster entries; cluster i projected to d / 4^i), chosen by"
                                + " the cost model, which predicted a %.1fx faster output layer.", Arrays.toString(r.cutoffs()),
                                r.cutoffs()[0], r.cutoffs().length - 1, r.predictedSpeedup()),
                        f("Both models: %d Adam steps (lr %s) of batch %d on the same batches, in alternation; a step is forward,"
                                + " backward and update of the whole model. Perplexity is exact: every probability normalized over the"
                                + " whole vocabulary.", c.steps(), c.learningRate(), c.batch())));
    }

    private static List<String> row(Row row, String speedup) {
        return List.of(row.model(), String.valueOf(row.parameters()), f("%.2f", row.msPerBatch()), speedup, f("%.1f", row.perplexity()));
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
