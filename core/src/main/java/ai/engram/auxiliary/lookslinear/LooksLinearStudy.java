package ai.engram.auxiliary.lookslinear;

import ai.engram.auxiliary.Classifier;
import ai.engram.auxiliary.Table;
import ai.engram.config.Settings;
import ai.engram.data.DataSplit;
import ai.engram.data.Dataset;
import ai.engram.nn.Activation;
import ai.engram.nn.CRelu;
import ai.engram.nn.Dense;
import ai.engram.nn.Initializer;
import ai.engram.nn.Layer;
import ai.engram.nn.Network;
import ai.engram.nn.Residual;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Balduzzi et al. (2017), the shattered gradients problem. Part one, the diagnostic: scalar
 * networks f: R -> R at initialization, dy/dx on a grid of inputs, and the lag-1 autocorrelation
 * of that sequence of gradients; it decays with depth in a feedforward ReLU net (the gradients
 * approach white noise), stays near 1 with skip connections, and is exactly 1 for a looks-linear
 * net, which is linear at initialization. Part two: a deep net without skips trained on the data
 * set from He initialization and from looks-linear initialization (CReLU, W = [W0; -W0]).
 */
public final class LooksLinearStudy {

    /** The paper's Figure 2 grid (256 points in [-2, 2], width 200) and a 50-layer training run. */
    public static final String DEFAULTS = """
            depths = [2, 10, 50, 200]   # hidden layers of the scalar networks for the diagnostic
            width = 200                 # their hidden width
            grid = 256                  # inputs, evenly spaced in [-2, 2]
            nets = 3                    # random initializations averaged per cell
            train-depth = 50            # hidden layers of the trained networks, no skips
            train-width = 64
            """ + Classifier.Recipe.defaults("[]", 5, 128, 1e-3, 0).replace("hidden = []\n", "") + """
            train-size = 20000          # training examples used, 0 for all
            """;

    public record Config(int[] depths, int width, int grid, int nets, int trainDepth, int trainWidth, Classifier.Training training,
                         int trainSize) {

        public static Config from(Settings s) {
            return new Config(s.positiveIntegers("depths"), s.integer("width", 1, 4096), s.integer("grid", 3, 1_000_000),
                    s.integer("nets", 1, 1000), s.integer("train-depth", 1, 1000), s.integer("train-width", 1, 4096),
                    new Classifier.Training(s.integer("epochs", 1, 10_000), s.integer("batch-size", 1, 65_536),
                            s.number("learning-rate", 1e-9, 10), s.number("weight-decay", 0, 10), s.longInteger("seed", 0)),
                    s.integer("train-size", 0, 10_000_000));
        }
    }

    public enum Architecture { FEEDFORWARD_HE, RESNET, LOOKS_LINEAR }

    /** Lag-1 autocorrelation per architecture (rows) and depth (columns); test accuracy and last-epoch loss of the two trained nets. */
    public record Result(double[][] autocorrelation, double heAccuracy, double looksLinearAccuracy, double heLoss, double looksLinearLoss,
                         int trainSize) {
    }

    private LooksLinearStudy() {
    }

    /**
     * The layers of a net with {@code depth} hidden layers of {@code width} from {@code inputs} to
     * {@code outputs}: ReLU with He-uniform weights; residual blocks x + relu(x) W / sqrt(depth)
     * after a first Dense (the branch scale stands in for batch normalization, which keeps a deep
     * residual stack's variance from doubling per block); or looks-linear, CReLU after every layer
     * and W = [W0; -W0] with W0 orthogonal. {@code first} draws the ReLU nets' first layer: on a
     * scalar input it needs biases, or a bias-free ReLU net is positively homogeneous and its
     * gradient takes just two values, one for each sign of x.
     */
    public static List<Layer> layers(Architecture a, int inputs, int depth, int width, int outputs, Initializer first) {
        List<Layer> layers = new ArrayList<>();
        switch (a) {
            case FEEDFORWARD_HE -> {
                layers.add(new Dense(inputs, width, first));
                layers.add(new Activation(Activation.Kind.RELU, width));
                layers.addAll(Network.mlpLayers(width, repeat(width, depth - 1), outputs, Activation.Kind.RELU, false,
                        new Initializer.HeUniform()));
            }
            case RESNET -> {
                layers.add(new Dense(inputs, width, first));
                for (int l = 0; l < depth - 1; l++) {
                    layers.add(new Residual(1, 1 / Math.sqrt(depth), List.of(new Activation(Activation.Kind.RELU, width),
                            new Dense(width, width, new Initializer.HeUniform()))));
                }
                layers.add(new Activation(Activation.Kind.RELU, width));
                layers.add(new Dense(width, outputs, new Initializer.HeUniform()));
            }
            case LOOKS_LINEAR -> {
                layers.add(new Dense(inputs, width, new Initializer.Orthogonal(1)));
                for (int l = 0; l < depth - 1; l++) {
                    layers.add(new CRelu(width));
                    layers.add(new Dense(2 * width, width, new Initializer.LooksLinear()));
                }
                layers.add(new CRelu(width));
                layers.add(new Dense(2 * width, outputs, new Initializer.LooksLinear()));
            }
        }
        return layers;
    }

    private static int[] repeat(int width, int depth) {
        int[] hidden = new int[depth];
        Arrays.fill(hidden, width);
        return hidden;
    }

    /** dy/dx of a scalar network at {@code grid} evenly spaced inputs in [-2, 2], in float64. */
    public static double[] gradients(Network scalar, int grid) {
        double[] x = new double[grid];
        for (int i = 0; i < grid; i++) {
            x[i] = -2 + 4.0 * i / (grid - 1);
        }
        scalar.forward(Nd4j.createFromArray(x).reshape(grid, 1));
        return scalar.backward(Nd4j.ones(DataType.DOUBLE, grid, 1)).ravel().toDoubleVector();
    }

    /**
     * The lag-1 autocorrelation of a sequence, as the cosine between it and itself shifted by one:
     * sum g_i g_{i+1} / sqrt(sum_{i < n-1} g_i^2 sum_{i > 0} g_i^2). Uncentered, so a constant
     * gradient (a linear function) scores exactly 1 instead of 0/0.
     */
    public static double lagOneAutocorrelation(double[] g) {
        double cross = 0;
        double head = 0;
        double tail = 0;
        for (int i = 0; i + 1 < g.length; i++) {
            cross += g[i] * g[i + 1];
            head += g[i] * g[i];
            tail += g[i + 1] * g[i + 1];
        }
        return cross / Math.sqrt(head * tail);
    }

    public static double[][] autocorrelations(Config c) {
        double[][] r = new double[Architecture.values().length][c.depths().length];
        for (Architecture a : Architecture.values()) {
            for (int d = 0; d < c.depths().length; d++) {
                double sum = 0;
                for (int n = 0; n < c.nets(); n++) {
                    Network net = new Network(layers(a, 1, c.depths()[d], c.width(), 1, new Initializer.TorchDefault()),
                            c.training().seed() + n, DataType.DOUBLE);
                    sum += lagOneAutocorrelation(gradients(net, c.grid()));
                }
                r[a.ordinal()][d] = sum / c.nets();
            }
        }
        return r;
    }

    public static Result run(DataSplit data, Config c) {
        Dataset train = c.trainSize() == 0 ? data.train() : data.train().shuffled(c.training().seed())
                .range(0, Math.min(c.trainSize(), data.train().size()));
        double[] accuracy = new double[2];
        double[] loss = new double[2];
        for (Architecture a : List.of(Architecture.FEEDFORWARD_HE, Architecture.LOOKS_LINEAR)) {
            int i = a == Architecture.FEEDFORWARD_HE ? 0 : 1;
            Classifier net = new Classifier(new Network(layers(a, train.features(), c.trainDepth(), c.trainWidth(), train.classes(),
                    new Initializer.HeUniform()),
                    c.training().seed()));
            loss[i] = net.train(train, c.training());
            accuracy[i] = net.accuracy(data.test());
        }
        return new Result(autocorrelations(c), accuracy[0], accuracy[1], loss[0], loss[1], train.size());
    }

    public static Table table(String dataset, Config c, Result r) {
        List<String> header = new ArrayList<>(List.of("network at initialization"));
        for (int depth : c.depths()) {
            header.add("depth " + depth);
        }
        List<List<String>> rows = new ArrayList<>();
        String[] names = {"feedforward ReLU, He init", "resnet (branch / sqrt(depth))", "looks-linear (CReLU, [W0; -W0])"};
        for (Architecture a : Architecture.values()) {
            List<String> row = new ArrayList<>(List.of(names[a.ordinal()]));
            for (double v : r.autocorrelation()[a.ordinal()]) {
                row.add(String.format(Locale.ROOT, "%.3f", v));
            }
            rows.add(row);
        }
        return new Table(String.format(Locale.ROOT, "Shattered gradients (Balduzzi et al. 2017): lag-1 autocorrelation of dy/dx over %d"
                        + " inputs in [-2, 2], width %d, mean of %d nets", c.grid(), c.width(), c.nets()), header, rows,
                List.of(String.format(Locale.ROOT, "Trained on %s (%d examples, %d epochs), %d hidden layers of %d without skips:"
                                + " He-initialized ReLU test accuracy %.2f%% (last-epoch loss %.3f), looks-linear %.2f%% (loss %.3f).",
                        dataset, r.trainSize(), c.training().epochs(), c.trainDepth(), c.trainWidth(), 100 * r.heAccuracy(), r.heLoss(),
                        100 * r.looksLinearAccuracy(), r.looksLinearLoss())));
    }
}
