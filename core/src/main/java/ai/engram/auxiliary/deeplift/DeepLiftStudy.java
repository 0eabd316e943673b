package ai.engram.auxiliary.deeplift;

import ai.engram.auxiliary.Classifier;
import ai.engram.auxiliary.Table;
import ai.engram.config.Settings;
import ai.engram.data.DataSplit;
import ai.engram.data.Dataset;
import ai.engram.nn.PlainForward;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The paper's checks on a trained classifier: summation-to-delta on every test input, and the
 * feature-removal test: setting the k most-attributed pixels of an input to the reference should
 * lower the explained class's logit more than setting k random pixels, and at least as much as
 * the k pixels gradient x input ranks highest.
 */
public final class DeepLiftStudy {

    public static final String DEFAULTS = Classifier.Recipe.defaults("[128, 128]", 40, 64, 1e-3, 0) + """
            removed = 10            # pixels set to the reference
            """;

    public record Config(Classifier.Recipe recipe, int removed) {

        public static Config from(Settings s) {
            return new Config(Classifier.Recipe.from(s), s.integer("removed", 1, 100_000));
        }
    }

    /** One way of choosing the pixels to remove, and what removing them did. */
    public record Row(String method, double maxSummationError, double meanLogitDrop, double microsPerInput) {
    }

    public record Result(double accuracy, int inputs, List<Row> rows) {

        public Row row(String method) {
            return rows.stream().filter(r -> r.method().equals(method)).findFirst().orElseThrow();
        }
    }

    private DeepLiftStudy() {
    }

    /** Trains the classifier, then explains its predicted class on every test input against an all-zero reference. */
    public static Result run(DataSplit data, Config c) {
        Classifier net = c.recipe().train(data.train());
        float[] parameters = net.network().snapshot();
        Dataset test = data.test();
        float[] reference = new float[test.features()];
        int k = test.classes();
        float[] logits = net.logits(test);
        int[] targets = IntStream.range(0, test.size()).map(i -> Classifier.argmax(logits, i * k, k)).toArray();
        PlainForward forward = net.network().plainForward();
        List<Row> rows = new ArrayList<>();
        for (DeepLift.Rule rule : DeepLift.Rule.values()) {
            DeepLift deepLift = new DeepLift(net.network().layers(), rule);
            for (int i = 0; i < Math.min(50, test.size()); i++) { // JIT warm-up, so the time per input is the steady one
                deepLift.explain(parameters, test.inputs(), i * test.features(), reference, targets[i]);
            }
            long start = System.nanoTime();
            double[][] contributions = new double[test.size()][];
            double maxError = 0;
            for (int i = 0; i < test.size(); i++) {
                DeepLift.Attribution a = deepLift.explain(parameters, test.inputs(), i * test.features(), reference, targets[i]);
                contributions[i] = a.contributions();
                maxError = Math.max(maxError, a.summationError());
            }
            double micros = (System.nanoTime() - start) / 1e3 / test.size();
            double drop = meanDrop(forward, parameters, test, targets, reference, i -> topK(contributions[i], c.removed()));
            rows.add(new Row(name(rule), maxError, drop, micros));
        }
        SplittableRandom random = new SplittableRandom(c.recipe().training().seed());
        rows.add(new Row("random pixels", Double.NaN, meanDrop(forward, parameters, test, targets, reference,
                i -> java.util.Arrays.copyOf(Dataset.permutation(test.features(), random), c.removed())), Double.NaN));
        return new Result(Classifier.accuracy(logits, test.labels(), k), test.size(), rows);
    }

    static String name(DeepLift.Rule rule) {
        return switch (rule) {
            case GRADIENT -> "gradient x input";
            case RESCALE -> "DeepLIFT Rescale";
            case REVEAL_CANCEL -> "DeepLIFT RevealCancel";
        };
    }

    /** The mean over inputs of t(x) - t(x with the chosen pixels set to the reference). */
    private static double meanDrop(PlainForward forward, float[] parameters, Dataset test, int[] targets, float[] reference,
                                   java.util.function.IntFunction<int[]> chosen) {
        double sum = 0;
        int n = test.features();
        for (int i = 0; i < test.size(); i++) {
            float[] x = java.util.Arrays.copyOfRange(test.inputs(), i * n, (i + 1) * n);
            double before = forward.apply(parameters, x, 0)[targets[i]];
            for (int pixel : chosen.apply(i)) {
                x[pixel] = reference[pixel];
            }
            sum += before - forward.apply(parameters, x, 0)[targets[i]];
        }
        return sum / test.size();
    }

    /** The indices of the k largest values. */
    static int[] topK(double[] values, int k) {
        return IntStream.range(0, values.length).boxed().sorted(Comparator.comparingDouble(j -> -values[j]))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    public static Table table(String dataset, Config c, Result r) {
        List<List<String>> rows = r.rows().stream().map(row -> List.of(row.method(),
                Double.isNaN(row.maxSummationError()) ? "" : String.format(Locale.ROOT, "%.1e", row.maxSummationError()),
                String.format(Locale.ROOT, "%.3f", row.meanLogitDrop()),
                Double.isNaN(row.microsPerInput()) ? "" : String.format(Locale.ROOT, "%.0f", row.microsPerInput()))).toList();
        return new Table(String.format(Locale.ROOT, "DeepLIFT (Shrikumar et al. 2017) on %s: %d test inputs, MLP %s (accuracy %.2f%%),"
                        + " reference all zeros", dataset, r.inputs(), java.util.Arrays.toString(c.recipe().hidden()), 100 * r.accuracy()),
                List.of("pixels removed by", "max |sum C - delta t|", "mean drop of the class logit (" + c.removed() + " pixels)",
                        "us per explained input"),
                rows, List.of());
    }
}
