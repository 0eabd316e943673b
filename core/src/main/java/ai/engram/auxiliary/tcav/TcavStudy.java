package ai.engram.auxiliary.tcav;

import ai.engram.auxiliary.Classifier;
import ai.engram.auxiliary.Table;
import ai.engram.config.Settings;
import ai.engram.data.DataSplit;
import ai.engram.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * The paper's controlled experiment (section 4.3), with a planted marker for the caption: a bright
 * square in an image corner is planted on training images so that its correlation with one target
 * class is p: P(marker | target) = (1 + p) / 2, P(marker | other class) = (1 - p) / 2, so at p = 0
 * it says nothing about the class and at p = 1 it gives it away. One model is trained per p.
 * Each model's reliance on the marker is measured directly: the accuracy lost on the other
 * classes' test images when the marker is moved onto them. TCAV of the concept "marker" (test
 * images carrying it, against random test images) for the target class should rank the models as
 * their reliance does, and find nothing significant in a model that ignores the marker.
 *
 * <p>Probe a layer below the last hidden one: the gradient of a logit with respect to the last
 * hidden layer is the output weights' column whatever the input, so every CAV would score 0 or 1.
 */
public final class TcavStudy {

    /** Weight decay, so that an uninformative input's weights decay instead of keeping their initial values. */
    public static final String DEFAULTS = Classifier.Recipe.defaults("[64, 64]", 15, 64, 1e-3, 1e-2) + """
            correlations = [0, 0.25, 0.5, 0.75, 1]
            target = 3              # the class the marker is correlated with
            layer = 1               # the probed layer: the first hidden layer's ReLU output
            examples = 50           # concept examples, and examples per random set
            random-sets = 20        # even: concept CAVs against each, null CAVs from disjoint pairs
            """;

    public record Config(Classifier.Recipe recipe, double[] correlations, int target, int layer, int examples, int randomSets) {

        public static Config from(Settings s) {
            return new Config(Classifier.Recipe.from(s), s.numbers("correlations", 0, 1, 2), s.integer("target", 0, 1_000),
                    s.integer("layer", 0, 1_000), s.integer("examples", 2, 100_000), s.integer("random-sets", 6, 10_000));
        }
    }

    /** One model of the experiment. */
    public record Model(double correlation, double accuracy, double reliance, Tcav.Result tcav) {
    }

    public record Result(List<Model> models, double spearman) {
    }

    private TcavStudy() {
    }

    public static Result run(DataSplit data, Config c) {
        if (c.target() >= data.train().classes()) {
            throw new IllegalArgumentException("target = " + c.target() + " is not a class of " + data.train().name());
        }
        Dataset test = data.test();
        Dataset others = test.rows(java.util.stream.IntStream.range(0, test.size()).filter(i -> test.labels()[i] != c.target()).toArray());
        Dataset targetClass = test.ofClass(c.target());
        long seed = c.recipe().training().seed();
        SplittableRandom sets = new SplittableRandom(seed + 1);
        Dataset concept = marked(test.rows(Arrays.copyOf(Dataset.permutation(test.size(), sets), c.examples())));
        List<Dataset> randoms = new ArrayList<>();
        for (int r = 0; r < c.randomSets(); r++) {
            randoms.add(test.rows(Arrays.copyOf(Dataset.permutation(test.size(), sets), c.examples())));
        }
        List<Model> models = new ArrayList<>();
        for (double p : c.correlations()) {
            Classifier net = c.recipe().train(plant(data.train(), c.target(), p, new SplittableRandom(seed + 2)));
            double reliance = net.accuracy(others) - net.accuracy(marked(others));
            Tcav tcav = new Tcav(net.network(), c.layer());
            List<double[][]> randomActivations = randoms.stream().map(d -> tcav.activations(d.inputs(), d.size())).toList();
            Tcav.Result result = Tcav.test(tcav.activations(concept.inputs(), concept.size()), randomActivations,
                    List.<double[][]>of(tcav.logitGradients(targetClass.inputs(), targetClass.size(), c.target()))).get(0);
            models.add(new Model(p, net.accuracy(test), reliance, result));
        }
        double spearman = new SpearmansCorrelation().correlation(models.stream().mapToDouble(TcavStudy::reported).toArray(),
                models.stream().mapToDouble(Model::reliance).toArray());
        return new Result(models, spearman);
    }

    /** The TCAV score a model is ranked by: its mean score when significant, no concept (0) otherwise. */
    static double reported(Model m) {
        return m.tcav().significant() ? m.tcav().mean() : 0;
    }

    /** Plants the marker with P(marker | target) = (1 + p) / 2 and P(marker | other) = (1 - p) / 2. */
    static Dataset plant(Dataset d, int target, double p, SplittableRandom random) {
        Dataset out = d.rows(java.util.stream.IntStream.range(0, d.size()).toArray());
        for (int i = 0; i < d.size(); i++) {
            double chance = d.labels()[i] == target ? (1 + p) / 2 : (1 - p) / 2;
            if (random.nextDouble() < chance) {
                mark(out, i);
            }
        }
        return out;
    }

    /** Every row with the marker. */
    static Dataset marked(Dataset d) {
        Dataset out = d.rows(java.util.stream.IntStream.range(0, d.size()).toArray());
        for (int i = 0; i < d.size(); i++) {
            mark(out, i);
        }
        return out;
    }

    /** The marker: a full-intensity square of a quarter of the width in the bottom-right corner. */
    private static void mark(Dataset d, int row) {
        int w = d.width();
        int side = Math.max(1, w / 4);
        int h = d.features() / w;
        for (int r = h - side; r < h; r++) {
            for (int col = w - side; col < w; col++) {
                d.inputs()[row * d.features() + r * w + col] = 1f;
            }
        }
    }

    public static Table table(String dataset, Config c, Result r) {
        List<List<String>> rows = r.models().stream().map(m -> List.of(
                String.format(Locale.ROOT, "%.2f", m.correlation()),
                String.format(Locale.ROOT, "%.2f%%", 100 * m.accuracy()),
                String.format(Locale.ROOT, "%.2f%%", 100 * m.reliance()),
                String.format(Locale.ROOT, "%.2f +- %.2f", m.tcav().mean(), sd(m.tcav().scores())),
                String.format(Locale.ROOT, "%.2f", Arrays.stream(m.tcav().randomScores()).average().orElse(Double.NaN)),
                String.format(Locale.ROOT, "%.2g", m.tcav().pValue()),
                m.tcav().significant() ? "yes" : "no")).toList();
        return new Table(String.format(Locale.ROOT, "TCAV (Kim et al. 2018) on %s: concept \"marker\", class %d, layer %d, %d random sets",
                dataset, c.target(), c.layer(), c.randomSets()),
                List.of("marker-class correlation", "test accuracy", "reliance (accuracy lost when the marker moves)",
                        "TCAV score", "random CAVs' score", "p (two-sided t-test)", "significant"),
                rows, List.of(String.format(Locale.ROOT, "Spearman correlation of TCAV (0 when not significant) with reliance: %.3f",
                        r.spearman())));
    }

    private static double sd(double[] v) {
        double m = Arrays.stream(v).average().orElse(0);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / Math.max(1, v.length - 1));
    }
}
