package ai.engram.auxiliary.calibration;

import ai.engram.auxiliary.Classifier;
import ai.engram.auxiliary.Table;
import ai.engram.config.Settings;
import ai.engram.data.DataSplit;
import ai.engram.data.Dataset;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Guo et al.'s experiment: train an MLP until it overfits (its test NLL rises while accuracy
 * holds), then measure ECE, MCE and NLL on the test set before and after temperature scaling
 * fitted on a held-out validation set.
 */
public final class CalibrationStudy {

    /** Every setting with its default: the paper's 784-512-512-10 MLP, trained well past its best test NLL. */
    public static final String DEFAULTS = Classifier.Recipe.defaults("[512, 512]", 30, 128, 1e-3, 0) + """
            validation = 1000      # training examples held out to fit T
            train-size = 0         # training examples used, 0 for all
            """;

    public record Config(Classifier.Recipe recipe, int validation, int trainSize) {

        public static Config from(Settings s) {
            return new Config(Classifier.Recipe.from(s), s.integer("validation", 1, 1_000_000), s.integer("train-size", 0, 10_000_000));
        }
    }

    /** Test-set reports before and after scaling by the fitted temperature. */
    public record Result(Calibration.Report before, Calibration.Report after, double temperature, int trainSize) {
    }

    private CalibrationStudy() {
    }

    public static Result run(DataSplit data, Config c) {
        Dataset shuffled = data.train().shuffled(c.recipe().training().seed());
        int train = c.trainSize() == 0 ? shuffled.size() - c.validation() : Math.min(c.trainSize(), shuffled.size() - c.validation());
        if (train < 1) {
            throw new IllegalArgumentException("validation = " + c.validation() + " leaves no training examples of "
                    + shuffled.size());
        }
        Dataset validation = shuffled.range(0, c.validation());
        Dataset training = shuffled.range(c.validation(), c.validation() + train);
        Classifier net = c.recipe().train(training);
        int k = training.classes();
        double t = TemperatureScaling.fit(net.logits(validation), validation.labels(), k);
        float[] test = net.logits(data.test());
        return new Result(Calibration.report(test, data.test().labels(), k, 1), Calibration.report(test, data.test().labels(), k, t),
                t, train);
    }

    /** The paper's table (Table 1's columns for one model) and the two reliability diagrams in {@code out}. */
    public static Table table(String dataset, Result r, Path out) {
        ReliabilityDiagram.draw(r.before(), dataset + ", uncalibrated", out.resolve("reliability-uncalibrated.png"));
        ReliabilityDiagram.draw(r.after(), dataset + ", temperature scaling", out.resolve("reliability-temperature.png"));
        return new Table("Calibration (Guo et al. 2017) on " + dataset + " test, MLP trained on " + r.trainSize() + " examples",
                List.of("method", "accuracy", "ECE (15 bins)", "MCE", "NLL"),
                List.of(row("uncalibrated", r.before()), row(String.format(Locale.ROOT, "temp. scaling (T = %.2f)", r.temperature()), r.after())),
                List.of("reliability diagrams: " + out.resolve("reliability-uncalibrated.png") + ", "
                        + out.resolve("reliability-temperature.png")));
    }

    private static List<String> row(String method, Calibration.Report r) {
        return List.of(method, pct(r.accuracy()), pct(r.ece()), pct(r.mce()), String.format(Locale.ROOT, "%.4f", r.nll()));
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
