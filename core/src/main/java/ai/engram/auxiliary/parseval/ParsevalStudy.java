package ai.engram.auxiliary.parseval;

import ai.engram.auxiliary.Classifier;
import ai.engram.auxiliary.Table;
import ai.engram.config.Settings;
import ai.engram.data.DataSplit;
import ai.engram.data.Dataset;
import ai.engram.nn.Activation;
import ai.engram.nn.Initializer;
import ai.engram.nn.Network;
import ai.engram.nn.ParsevalStep;
import ai.engram.nn.Sgd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Cisse et al. (2017), Parseval networks, on an MLP: the same network trained twice from the same
 * start by the same optimizer and schedule, plainly and with the Parseval retraction
 * W <- (1 + beta) W - beta W W^T W after every step; then each layer's distance from a tight frame
 * ||W W^T - I||_F, its spectral norm, the clean test accuracy, and the accuracy under the fast
 * gradient sign attack (Goodfellow et al. 2015) x' = clip(x + eps sign(dL/dx), 0, 1).
 */
public final class ParsevalStudy {

    /**
     * A 784-256-256-10 MLP trained as the paper trains, by SGD with momentum, here at 0.1 annealed to
     * 0 on a cosine: as the steps shrink the retraction catches up and the spectral norms settle at
     * 1.17-1.19 (constant SGD leaves them at 1.3-1.6, Adam at 1.2-1.7). beta = 0.002, in the paper's
     * range, keeps the clean accuracy within a point of the plain model's; the 0.003 tightens
     * the norms to 1.11 at 1.15 points (docs/benchmarks.md has the measurements).
     */
    public static final String DEFAULTS = Classifier.Recipe.defaults("[256, 256]", 20, 100, 0.1, 0) + """
            optimizer = sgd         # adam, or sgd (with momentum, as the paper trains); the same for both models
            momentum = 0.9          # SGD's heavy-ball momentum
            schedule = cosine       # SGD's learning rate: constant, or cosine (annealed to 0 over the run)
            beta = 0.002            # Parseval retraction step
            retractions = 1         # retraction steps after each optimizer update
            retract-output = true   # false leaves the output layer free, the Parseval constraint on hidden layers only
            row-fraction = 1.0      # share of each W's rows retracted per step (the paper samples a subset)
            epsilons = [0.05, 0.1]  # FGSM perturbation sizes, in pixel units of [0, 1]
            train-size = 0          # training examples used, 0 for all
            """;

    public record Config(Classifier.Recipe recipe, String optimizer, double momentum, String schedule, double beta, int retractions,
            boolean retractOutput, double rowFraction, double[] epsilons, int trainSize) {

        public Config {
            if (optimizer.equals("adam") && !schedule.equals("constant")) {
                throw new IllegalArgumentException("schedule = " + schedule
                        + " is for optimizer = sgd; Adam here keeps its learning rate constant");
            }
        }

        public static Config from(Settings s) {
            return new Config(Classifier.Recipe.from(s), s.choice("optimizer", "adam", "sgd"), s.number("momentum", 0, 0.999),
                    s.choice("schedule", "constant", "cosine"), s.number("beta", 1e-9, 0.5), s.integer("retractions", 1, 100),
                    s.bool("retract-output"), s.number("row-fraction", 1e-6, 1), s.numbers("epsilons", 0, 1, 1),
                    s.integer("train-size", 0, 10_000_000));
        }
    }

    /** One trained model: per-layer ||W W^T - I||_F and spectral norms, clean and FGSM test accuracy, training seconds per epoch. */
    public record Model(double[] orthogonalityError, double[] spectralNorm, double clean, double[] fgsm, double secondsPerEpoch) {
    }

    public record Result(Model plain, Model parseval, int trainSize) {
    }

    private ParsevalStudy() {
    }

    public static Result run(DataSplit data, Config c) {
        Dataset train = c.trainSize() == 0 ? data.train() : data.train().shuffled(c.recipe().training().seed())
                .range(0, Math.min(c.trainSize(), data.train().size()));
        return new Result(model(train, data.test(), c, false), model(train, data.test(), c, true), train.size());
    }

    private static Model model(Dataset train, Dataset test, Config c, boolean parseval) {
        // both start from orthogonal weights, a tight frame, as the paper's Parseval networks do
        Classifier net = new Classifier(Network.mlp(train.features(), c.recipe().hidden(), train.classes(), Activation.Kind.RELU, false,
                new Initializer.Orthogonal(1), c.recipe().training().seed()));
        ParsevalStep step = ParsevalStep.of(net.network(), c.beta(), c.rowFraction(), c.recipe().training().seed());
        ParsevalStep retraction = c.retractOutput() ? step : step.withoutLast();
        Runnable retract = () -> {
            for (int i = 0; i < c.retractions(); i++) {
                retraction.apply();
            }
        };
        Classifier.Training t = c.recipe().training();
        Classifier.Hooks hooks = parseval ? new Classifier.Hooks(() -> { }, retract) : Classifier.Hooks.NONE;
        long start = System.nanoTime();
        if (c.optimizer().equals("sgd")) {
            int steps = t.epochs() * ((train.size() + t.batchSize() - 1) / t.batchSize());
            IntToDoubleFunction lr = c.schedule().equals("cosine") ? Sgd.cosine(t.learningRate(), steps) : i -> t.learningRate();
            net.train(train, t, hooks, new Sgd(net.network().parameterCount(), lr, c.momentum())::step);
        } else {
            net.train(train, t, hooks);
        }
        double secondsPerEpoch = (System.nanoTime() - start) / 1e9 / c.recipe().training().epochs();
        List<INDArray> weights = step.weights();
        double[] fgsm = Arrays.stream(c.epsilons()).map(eps -> net.accuracy(fgsm(net, test, eps))).toArray();
        return new Model(weights.stream().mapToDouble(ParsevalStep::orthogonalityError).toArray(),
                weights.stream().mapToDouble(ParsevalStep::spectralNorm).toArray(), net.accuracy(test), fgsm, secondsPerEpoch);
    }

    /** The test set moved eps along the sign of each example's loss gradient, clipped to the pixel range. */
    static Dataset fgsm(Classifier net, Dataset data, double eps) {
        float[] x = data.inputs().clone();
        int step = 1000;
        for (int start = 0; start < data.size(); start += step) {
            Dataset batch = data.range(start, Math.min(data.size(), start + step));
            float[] g = net.inputGradient(batch);
            int base = start * data.features();
            for (int i = 0; i < g.length; i++) {
                x[base + i] = (float) Math.min(1, Math.max(0, x[base + i] + eps * Math.signum(g[i])));
            }
        }
        return new Dataset(data.name(), x, data.labels(), data.features(), data.classes(), data.width());
    }

    public static Table table(String dataset, Config c, Result r) {
        List<String> header = new ArrayList<>(List.of("model", "clean accuracy"));
        for (double eps : c.epsilons()) {
            header.add(String.format(Locale.ROOT, "FGSM eps %.2f", eps));
        }
        header.add("||W W^T - I||_F per layer");
        header.add("spectral norm per layer");
        header.add("s / epoch");
        return new Table(String.format(Locale.ROOT, "Parseval networks (Cisse et al. 2017) on %s test, MLP %s trained on %d examples"
                        + " for %d epochs (%s, learning rate %s, %s)", dataset, Arrays.toString(c.recipe().hidden()), r.trainSize(),
                        c.recipe().training().epochs(), c.optimizer(), c.recipe().training().learningRate(), c.schedule()),
                header, List.of(row("plain", r.plain()), row(String.format(Locale.ROOT, "Parseval (beta = %s)", c.beta()), r.parseval())),
                List.of("FGSM: x' = clip(x + eps sign(dL/dx), 0, 1) against each model's own gradient; pixels in [0, 1]."));
    }

    private static List<String> row(String name, Model m) {
        List<String> row = new ArrayList<>(List.of(name, pct(m.clean())));
        Arrays.stream(m.fgsm()).mapToObj(ParsevalStudy::pct).forEach(row::add);
        row.add(join(m.orthogonalityError()));
        row.add(join(m.spectralNorm()));
        row.add(String.format(Locale.ROOT, "%.2f", m.secondsPerEpoch()));
        return row;
    }

    private static String join(double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v)).collect(Collectors.joining(" / "));
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
