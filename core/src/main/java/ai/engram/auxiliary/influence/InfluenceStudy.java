package ai.engram.auxiliary.influence;

import ai.engram.auxiliary.Classifier;
import ai.engram.auxiliary.Table;
import ai.engram.auxiliary.sharpness.Sharpness;
import ai.engram.config.Settings;
import ai.engram.data.DataSplit;
import ai.engram.data.Dataset;
import ai.engram.nn.Activation;
import ai.engram.nn.Curvature;
import ai.engram.nn.Initializer;
import ai.engram.nn.Network;
import ai.engram.nn.SoftmaxCrossEntropy;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Koh and Liang's (2017) Figure 2 experiment. A model minimizing the empirical risk
 * R(theta) = 1/n sum_i L(z_i, theta) + lambda/2 ||theta||^2 is trained to its minimum theta^ (Adam,
 * then Newton in float64); for one test point z_test,
 *
 * <pre>
 *   s_test             = H^-1 grad L(z_test, theta^)              H = Hessian of R at theta^
 *   I_up,loss(z, z_test) = -s_test . grad L(z, theta^)
 * </pre>
 *
 * Removing training point z is upweighting it by epsilon = -1/n, so the predicted change of the test
 * loss is -1/n I_up,loss(z, z_test). Each prediction is checked against the change after retraining
 * without z (Newton from theta^, to a gradient norm of 1e-12), for the points with the largest
 * predicted effect and for random ones. s_test is computed exactly (H formed from n products), by
 * conjugate gradient and by LiSSA, and the three compared.
 *
 * <p>With {@code hidden} set the model is a tanh (or ReLU) MLP: non-convex, so theta^ is one local
 * minimum and retraining starts from it, as Koh and Liang do for non-convex models. H + damping I
 * replaces H where H is not positive definite; the table reports H's extreme eigenvalues (power
 * iteration) to say whether it is.
 */
public final class InfluenceStudy {

    public static final String DEFAULTS = Classifier.Recipe.defaults("[]", 60, 64, 1e-2, 1e-2) + """
            activation = tanh      # of the hidden layers, when hidden is not [] (an MLP: non-convex)
            damping = 0            # added to H's diagonal for s_test, where H at theta^ is not positive definite (a non-convex model)
            test-point = -1        # index in the test split; -1: the test point of largest loss
            top = 30               # leave-one-out retrainings of the points of largest predicted effect
            random = 30            # and of random other points
            cg-iterations = 1000
            cg-tolerance = 1e-10   # relative residual
            lissa-depth = 5000     # recursion depth t
            lissa-scale = 10       # must exceed the Hessian's largest eigenvalue
            lissa-damping = 0
            lissa-repeats = 1
            lissa-batch = 0        # training points per sampled Hessian-vector product; 0: all (deterministic)
            exact-limit = 3000     # largest parameter count for which H is formed exactly
            """;

    /** {@code recipe.hidden} empty is softmax regression (convex); its weight decay is lambda. */
    public record Config(Classifier.Recipe recipe, Activation.Kind activation, double damping, int testPoint, int top, int random,
                         int cgIterations, double cgTolerance, InverseHvp.Lissa lissa, int lissaBatch, int exactLimit) {

        public static Config from(Settings s) {
            Config c = new Config(Classifier.Recipe.from(s),
                    Activation.Kind.valueOf(s.choice("activation", "relu", "tanh").toUpperCase(Locale.ROOT)), s.number("damping", 0, 1e6),
                    s.integer("test-point", -1, 10_000_000), s.integer("top", 0, 100_000),
                    s.integer("random", 0, 100_000), s.integer("cg-iterations", 1, 1_000_000), s.number("cg-tolerance", 0, 1),
                    new InverseHvp.Lissa(s.number("lissa-damping", 0, 0.999), s.number("lissa-scale", 1e-9, 1e12),
                            s.integer("lissa-depth", 1, 10_000_000), s.integer("lissa-repeats", 1, 10_000)),
                    s.integer("lissa-batch", 0, 10_000_000), s.integer("exact-limit", 0, 20_000));
            if (c.recipe().training().weightDecay() <= 0) {
                throw new Settings.InvalidSettingException("setting 'weight-decay' must be positive for influence functions:"
                        + " it keeps the Hessian positive definite");
            }
            return c;
        }
    }

    /** One leave-one-out retraining: the predicted and the actual change of the test loss. */
    public record Retrained(int row, boolean top, double predicted, double actual) {
    }

    /**
     * @param cgCosine      cos(s_test by CG, exact s_test); NaN without an exact one
     * @param lissaCosine   cos(s_test by LiSSA, exact s_test)
     * @param hvpMillis     one Hessian-vector product on the whole training set
     * @param queryMillis   one influence query: s_test by CG, then I_up,loss of every training point
     */
    public record Result(int parameters, double lambdaMin, double lambdaMax, double trainAccuracy, double testAccuracy, double gradientNorm, int testPoint, int testLabel,
                         double testLoss, double cgCosine, double lissaCosine, double hvpMillis, double exactMillis, double cgMillis,
                         double lissaMillis, double queryMillis, double retrainMillis, List<Retrained> retrained) {

        public double pearson(boolean topOnly, boolean randomOnly) {
            List<Retrained> r = retrained.stream().filter(p -> (!topOnly || p.top()) && (!randomOnly || !p.top())).toList();
            return new PearsonsCorrelation().correlation(r.stream().mapToDouble(Retrained::predicted).toArray(),
                    r.stream().mapToDouble(Retrained::actual).toArray());
        }
    }

    private InfluenceStudy() {
    }

    public static Result run(DataSplit data, Config c) {
        Dataset train = data.train();
        Dataset test = data.test();
        if (c.testPoint() >= test.size()) {
            throw new IllegalArgumentException("test-point = " + c.testPoint() + " but the test split has " + test.size() + " points");
        }
        if (c.top() + c.random() > train.size()) {
            throw new IllegalArgumentException("top + random = " + (c.top() + c.random()) + " retrainings but only "
                    + train.size() + " training points");
        }
        double lambda = c.recipe().training().weightDecay();
        Classifier pretrained = new Classifier(Network.mlp(train.features(), c.recipe().hidden(), train.classes(), c.activation(), false,
                new Initializer.HeUniform(), c.recipe().training().seed()));
        pretrained.train(train, c.recipe().training());
        Network net = pretrained.float64();
        INDArray x = Classifier.matrix(train).castTo(DataType.DOUBLE);
        SoftmaxCrossEntropy risk = SoftmaxCrossEntropy.mean(train.labels());
        double gradientNorm = Newton.minimize(net, x, risk, lambda, 1e-12, 50);
        double[] thetaHat = net.parameters().toDoubleVector();

        INDArray xTest = Classifier.matrix(test).castTo(DataType.DOUBLE);
        double[] testLosses = rowLosses(net.forward(xTest), test.labels());
        int t = c.testPoint() >= 0 ? c.testPoint() : IntStream.range(0, test.size()).boxed()
                .max(Comparator.comparingDouble(i -> testLosses[i])).orElseThrow();
        INDArray zTest = xTest.getRow(t, true);
        SoftmaxCrossEntropy testLoss = new SoftmaxCrossEntropy(new int[] {test.labels()[t]}, new double[] {1});
        Curvature atTest = Curvature.at(net, zTest, testLoss);
        double[] gradTest = atTest.gradient();
        // H + damping I: the weight decay's term of the Hessian is lambda I
        Curvature h = Curvature.at(net, x, risk, lambda + c.damping());
        Sharpness.Eigen top = Sharpness.largestEigenvalue(h::hessianVector, thetaHat.length, 1000, 1e-6, c.recipe().training().seed());
        double smallest = Sharpness.smallestEigenvalue(h::hessianVector, top.value(), thetaHat.length, 1000, 1e-6,
                c.recipe().training().seed());

        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            h.hessianVector(gradTest);
        }
        double hvpMillis = (System.nanoTime() - start) / 1e6 / 20;
        start = System.nanoTime();
        double[] exact = thetaHat.length <= c.exactLimit() ? InverseHvp.exact(h::hessianVector, gradTest) : null;
        double exactMillis = exact == null ? Double.NaN : (System.nanoTime() - start) / 1e6;
        start = System.nanoTime();
        double[] cg = InverseHvp.conjugateGradient(h::hessianVector, gradTest, c.cgIterations(), c.cgTolerance());
        double cgMillis = (System.nanoTime() - start) / 1e6;
        h.rowGradientDots(cg);
        double queryMillis = (System.nanoTime() - start) / 1e6;
        start = System.nanoTime();
        double[] lissa = InverseHvp.lissa(sampledProducts(net, x, train.labels(), lambda + c.damping(), h, c.lissaBatch(), c.recipe().training().seed()),
                gradTest, c.lissa());
        double lissaMillis = (System.nanoTime() - start) / 1e6;
        // (1/n) s_test . grad L(z_i) = -1/n I_up,loss(z_i, z_test): the predicted change of the test loss on removing z_i
        double[] predicted = h.rowGradientDots(exact != null ? exact : cg);

        List<Integer> byEffect = IntStream.range(0, train.size()).boxed().sorted(Comparator.comparingDouble(i -> -Math.abs(predicted[i])))
                .toList();
        List<Retrained> retrained = new ArrayList<>();
        List<Integer> rest = new ArrayList<>(byEffect.subList(c.top(), byEffect.size()));
        java.util.Collections.shuffle(rest, new java.util.Random(c.recipe().training().seed()));
        start = System.nanoTime();
        for (int k = 0; k < c.top() + c.random(); k++) {
            int row = k < c.top() ? byEffect.get(k) : rest.get(k - c.top());
            double[] weights = risk.weights().clone();
            weights[row] = 0;
            net.parameters().assign(Nd4j.createFromArray(thetaHat));
            Newton.minimize(net, x, new SoftmaxCrossEntropy(train.labels(), weights), lambda, 1e-12, 50);
            double actual = Curvature.at(net, zTest, testLoss).value() - atTest.value();
            retrained.add(new Retrained(row, k < c.top(), predicted[row], actual));
        }
        double retrainMillis = (System.nanoTime() - start) / 1e6 / Math.max(1, c.top() + c.random());
        net.parameters().assign(Nd4j.createFromArray(thetaHat));
        return new Result(thetaHat.length, smallest, top.value(), accuracy(net, x, train.labels()), accuracy(net, xTest, test.labels()), gradientNorm, t,
                test.labels()[t], atTest.value(), exact == null ? Double.NaN : InverseHvp.cosine(cg, exact),
                InverseHvp.cosine(lissa, exact != null ? exact : cg), hvpMillis, exactMillis, cgMillis, lissaMillis, queryMillis,
                retrainMillis, retrained);
    }

    /** Each LiSSA step's product: on the whole training set, or on a fresh minibatch of the risk. */
    private static Supplier<UnaryOperator<double[]>> sampledProducts(Network net, INDArray x, int[] labels, double lambda, Curvature full,
                                                                    int batch, long seed) {
        if (batch == 0 || batch >= labels.length) {
            return () -> full::hessianVector;
        }
        SplittableRandom random = new SplittableRandom(seed);
        return () -> {
            int[] rows = Arrays.copyOf(Dataset.permutation(labels.length, random), batch);
            int[] y = Arrays.stream(rows).map(i -> labels[i]).toArray();
            return Curvature.at(net, x.getRows(rows), SoftmaxCrossEntropy.mean(y), lambda)::hessianVector;
        };
    }

    private static double accuracy(Network net, INDArray x, int[] labels) {
        INDArray z = net.forward(x);
        return Classifier.accuracy(z.reshape(z.length()).toFloatVector(), labels, z.columns());
    }

    /** -log softmax(z_i)[y_i] for every row. */
    private static double[] rowLosses(INDArray z, int[] labels) {
        double[] out = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            double[] row = z.getRow(i).toDoubleVector();
            double max = Arrays.stream(row).max().orElseThrow();
            double sum = Arrays.stream(row).map(v -> Math.exp(v - max)).sum();
            out[i] = Math.log(sum) + max - row[labels[i]];
        }
        return out;
    }

    public static Table table(String dataset, Config c, Result r, Path out) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (boolean top : new boolean[] {true, false}) {
            List<Retrained> points = r.retrained().stream().filter(p -> p.top() == top).toList();
            series.put(top ? "largest predicted effect" : "random", new double[][] {points.stream().mapToDouble(Retrained::actual).toArray(),
                    points.stream().mapToDouble(Retrained::predicted).toArray()});
        }
        scatter(out.resolve("influence-loo.png"), "Leave-one-out: predicted vs actual change of the test loss", "actual",
                "predicted (-1/n I_up,loss)", series);
        String model = c.recipe().hidden().length == 0 ? "softmax regression" : c.activation().name().toLowerCase(Locale.ROOT) + " MLP "
                + Arrays.toString(c.recipe().hidden());
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Pearson R, predicted vs actual change of the test loss (all " + r.retrained().size() + " retrained)",
                f("%.4f", r.pearson(false, false))));
        rows.add(List.of("Pearson R, the " + c.top() + " of largest predicted effect", f("%.4f", r.pearson(true, false))));
        rows.add(List.of("Pearson R, " + c.random() + " random points", f("%.4f", r.pearson(false, true))));
        rows.add(List.of("smallest / largest eigenvalue of H" + (c.damping() > 0 ? " + " + c.damping() + " I" : "")
                + " at theta^ (power iteration)", f("%.3g / %.3g", r.lambdaMin(), r.lambdaMax())));
        rows.add(List.of("cos(s_test by CG, exact)", f("%.6f", r.cgCosine())));
        rows.add(List.of("cos(s_test by LiSSA, " + (Double.isNaN(r.cgCosine()) ? "CG" : "exact") + ")", f("%.6f", r.lissaCosine())));
        rows.add(List.of("ms per Hessian-vector product (" + r.parameters() + " parameters, all training points)", f("%.2f", r.hvpMillis())));
        rows.add(List.of("ms per influence query (s_test by CG + I_up,loss of every training point)", f("%.1f", r.queryMillis())));
        rows.add(List.of("ms for s_test exactly / by CG / by LiSSA (depth " + c.lissa().depth() + ")",
                f("%.0f", r.exactMillis()) + " / " + f("%.1f", r.cgMillis()) + " / " + f("%.0f", r.lissaMillis())));
        rows.add(List.of("ms per leave-one-out retraining (Newton from theta^)", f("%.0f", r.retrainMillis())));
        return new Table(f("Influence functions (Koh & Liang 2017) on %s: %s, lambda %s, train accuracy %.2f%%, test %.2f%%", dataset, model,
                c.recipe().training().weightDecay(), 100 * r.trainAccuracy(), 100 * r.testAccuracy()),
                List.of("measure", "value"), rows,
                List.of(f("Test point %d (label %d, loss %.3f); gradient norm at theta^ %.1e. Predicted change on removing z: "
                        + "-1/n I_up,loss(z, z_test); actual: after retraining without z.", r.testPoint(), r.testLabel(), r.testLoss(),
                        r.gradientNorm())));
    }

    /** A scatter plot of named series, each {x values, y values}, into {@code png}. */
    static void scatter(Path png, String title, String xTitle, String yTitle, Map<String, double[][]> series) {
        XYChart chart = new XYChartBuilder().width(700).height(600).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        series.forEach((name, xy) -> {
            if (xy[0].length > 0) {
                chart.addSeries(name, xy[0], xy[1]);
            }
        });
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
