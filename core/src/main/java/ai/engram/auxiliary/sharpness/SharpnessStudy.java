package ai.engram.auxiliary.sharpness;

import ai.engram.auxiliary.Classifier;
import ai.engram.auxiliary.Table;
import ai.engram.config.Settings;
import ai.engram.data.DataSplit;
import ai.engram.data.Dataset;
import ai.engram.nn.Curvature;
import ai.engram.nn.Network;
import ai.engram.nn.SoftmaxCrossEntropy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Dinh et al.'s argument on a trained ReLU MLP: the alpha-rescaled networks compute the same
 * function (same predictions, same training and test loss to float64 precision), so they
 * generalize identically, yet the sharpness of the minimum, as the Hessian's largest eigenvalue
 * or as epsilon-sharpness, changes by orders of magnitude with alpha. Sharpness measured in the
 * parameters is not a property of the function.
 */
public final class SharpnessStudy {

    public static final String DEFAULTS = Classifier.Recipe.defaults("[32]", 40, 64, 1e-3, 0) + """
            alphas = [1, 10, 100]     # the rescalings (W1, b1, W2) -> (alpha W1, alpha b1, W2 / alpha)
            epsilon = 1e-2            # radius of the epsilon-sharpness ball
            ascent-steps = 20         # projected gradient-ascent steps for epsilon-sharpness
            power-iterations = 500    # at most, for the largest eigenvalue
            power-tolerance = 1e-7    # relative change of the Rayleigh quotient that stops them
            """;

    public record Config(Classifier.Recipe recipe, double[] alphas, double epsilon, int ascentSteps, int powerIterations,
                         double powerTolerance) {

        public static Config from(Settings s) {
            return new Config(Classifier.Recipe.from(s), s.numbers("alphas", 1e-6, 1e6, 1), s.number("epsilon", 1e-12, 1e6),
                    s.integer("ascent-steps", 0, 100_000), s.integer("power-iterations", 1, 1_000_000),
                    s.number("power-tolerance", 0, 1));
        }
    }

    /**
     * One rescaled network. {@code maxLogitChange}: the largest |logit difference| from alpha = 1 over
     * every training and test input; {@code eigenMillis}: one largest-eigenvalue estimate.
     */
    public record Row(double alpha, double trainLoss, double testLoss, double testAccuracy, double maxLogitChange, double lambdaMax,
                      int powerIterations, double epsilonSharpness, double hvpMillis, double eigenMillis) {
    }

    public record Result(int parameters, List<Row> rows) {
    }

    private SharpnessStudy() {
    }

    public static Result run(DataSplit data, Config c) {
        if (c.recipe().hidden().length == 0) {
            throw new IllegalArgumentException("setting 'hidden' must name at least one hidden layer: alpha-rescaling moves scale"
                    + " from the first layer into the next through a ReLU");
        }
        Classifier trained = c.recipe().train(data.train());
        Dataset train = data.train();
        Dataset test = data.test();
        INDArray x = Classifier.matrix(train).castTo(DataType.DOUBLE);
        INDArray xTest = Classifier.matrix(test).castTo(DataType.DOUBLE);
        SoftmaxCrossEntropy risk = SoftmaxCrossEntropy.mean(train.labels());
        SoftmaxCrossEntropy testRisk = SoftmaxCrossEntropy.mean(test.labels());
        double[] reference = null;
        List<Row> rows = new ArrayList<>();
        int parameters = 0;
        for (double alpha : c.alphas()) {
            Network net = trained.float64();
            parameters = net.parameterCount();
            Sharpness.rescale(net, alpha);
            Curvature h = Curvature.at(net, x, risk);
            double[] logits = concat(flat(h.output()), flat(net.forward(xTest)));
            if (reference == null) {
                reference = logits;
            }
            double change = 0;
            for (int j = 0; j < logits.length; j++) {
                change = Math.max(change, Math.abs(logits[j] - reference[j]));
            }
            long start = System.nanoTime();
            Sharpness.Eigen top = Sharpness.largestEigenvalue(h::hessianVector, parameters, c.powerIterations(), c.powerTolerance(),
                    c.recipe().training().seed());
            double eigenMillis = (System.nanoTime() - start) / 1e6;
            double sharpness = Sharpness.epsilonSharpness(net, x, risk, c.epsilon(), top.vector(), c.ascentSteps());
            INDArray zTest = net.forward(xTest);
            rows.add(new Row(alpha, h.value(), Curvature.at(net, xTest, testRisk).value(),
                    Classifier.accuracy(zTest.reshape(zTest.length()).toFloatVector(), test.labels(), test.classes()), change,
                    top.value(), top.iterations(), sharpness, eigenMillis / top.iterations(), eigenMillis));
        }
        return new Result(parameters, rows);
    }

    private static double[] flat(INDArray m) {
        return m.reshape(m.length()).toDoubleVector();
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    public static Table table(String dataset, Config c, Result r) {
        List<List<String>> rows = r.rows().stream().map(row -> List.of(f("%g", row.alpha()), f("%.12f", row.trainLoss()),
                f("%.12f", row.testLoss()), f("%.2f%%", 100 * row.testAccuracy()), f("%.1e", row.maxLogitChange()),
                f("%.4g", row.lambdaMax()), String.valueOf(row.powerIterations()), f("%.4g", row.epsilonSharpness()),
                f("%.2f", row.hvpMillis()), f("%.0f", row.eigenMillis()))).toList();
        return new Table(f("Sharp minima can generalize (Dinh et al. 2017) on %s: ReLU MLP %s (%d parameters), alpha-rescaled", dataset,
                Arrays.toString(c.recipe().hidden()), r.parameters()),
                List.of("alpha", "train loss", "test loss", "test accuracy", "max |logit change|", "lambda_max(H)", "power iterations",
                        f("epsilon-sharpness (eps %g)", c.epsilon()), "ms per H v", "ms per lambda_max"),
                rows, List.of("H: the Hessian of the mean training cross-entropy, by exact products (float64); epsilon-sharpness as"
                        + " Dinh et al.'s Definition 3, by projected gradient ascent."));
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
