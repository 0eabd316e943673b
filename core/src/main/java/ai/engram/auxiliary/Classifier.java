package ai.engram.auxiliary;

import ai.engram.config.Settings;
import ai.engram.data.Dataset;
import ai.engram.nn.Activation;
import ai.engram.nn.Adam;
import ai.engram.nn.Dense;
import ai.engram.nn.Initializer;
import ai.engram.nn.Layer;
import ai.engram.nn.Network;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A ReLU MLP classifier on Engram's {@link Network}, trained with softmax cross-entropy and Adam:
 * what the paper modules explain, calibrate and probe when they run standalone on a data set.
 */
public final class Classifier {

    private static final int EVAL_BATCH = 1000;
    private final Network network;

    public Classifier(Network network) {
        this.network = network;
    }

    /** inputs - hidden... - classes, ReLU, He-uniform initial weights. */
    public static Classifier mlp(int inputs, int[] hidden, int classes, long seed) {
        return new Classifier(Network.mlp(inputs, hidden, classes, Activation.Kind.RELU, false, new Initializer.HeUniform(), seed));
    }

    public Network network() {
        return network;
    }

    /** A float64 copy of this classifier's network, for exact second-order work (Hessian-vector products, Newton steps). */
    public Network float64() {
        List<Layer> layers = network.layers().stream().map(l -> l instanceof Activation a ? new Activation(a.kind(), a.outputSize())
                : (Layer) new Dense(l.inputSize(), l.outputSize(), new Initializer.HeUniform())).toList();
        Network copy = new Network(layers, 0, DataType.DOUBLE);
        copy.parameters().assign(network.parameters().castTo(DataType.DOUBLE));
        return copy;
    }

    /**
     * Minibatch training settings; {@code weightDecay} adds lambda/2 ||theta||^2 to the loss (an
     * uninformative input's weights then decay instead of keeping their random initial values).
     */
    public record Training(int epochs, int batchSize, double learningRate, double weightDecay, long seed) {
    }

    /** An MLP's hidden sizes and its training: the settings every standalone study starts from. */
    public record Recipe(int[] hidden, Training training) {

        public static Recipe from(Settings s) {
            return new Recipe(s.positiveIntegers("hidden"), new Training(s.integer("epochs", 1, 10_000),
                    s.integer("batch-size", 1, 65_536), s.number("learning-rate", 1e-9, 10), s.number("weight-decay", 0, 10),
                    s.longInteger("seed", 0)));
        }

        /** The recipe's settings as HOCON, for a study's defaults. */
        public static String defaults(String hidden, int epochs, int batchSize, double learningRate, double weightDecay) {
            return String.format(java.util.Locale.ROOT, "hidden = %s%nepochs = %d%nbatch-size = %d%nlearning-rate = %s%n"
                    + "weight-decay = %s%nseed = 0%n", hidden, epochs, batchSize, learningRate, weightDecay);
        }

        /** A classifier of this recipe trained on {@code data}. */
        public Classifier train(Dataset data) {
            Classifier net = mlp(data.features(), hidden, data.classes(), training.seed());
            net.train(data, training);
            return net;
        }
    }

    /** Trains on {@code data}; returns the mean cross-entropy of the last epoch. */
    public double train(Dataset data, Training t) {
        return train(data, t, Hooks.NONE);
    }

    /**
     * What a module that changes training adds to the loop: {@code afterBackward} may add a loss
     * term's gradient to the network's (a KL term), {@code afterUpdate} acts on the parameters
     * after each optimizer step (a Parseval retraction).
     */
    public record Hooks(Runnable afterBackward, Runnable afterUpdate) {
        public static final Hooks NONE = new Hooks(() -> { }, () -> { });
    }

    /** As {@link #train(Dataset, Training)}, with a module's {@link Hooks}. */
    public double train(Dataset data, Training t, Hooks hooks) {
        Adam adam = new Adam(network.parameterCount(), t.learningRate(), 0.9, 0.999, 1e-8, Double.POSITIVE_INFINITY);
        return train(data, t, hooks, adam::step);
    }

    /** As {@link #train(Dataset, Training, Hooks)}, stepping the parameters with {@code optimizer} in place of Adam. */
    public double train(Dataset data, Training t, Hooks hooks, Consumer<Network> optimizer) {
        SplittableRandom random = new SplittableRandom(t.seed());
        double loss = Double.NaN;
        for (int epoch = 0; epoch < t.epochs(); epoch++) {
            int[] order = Dataset.permutation(data.size(), random);
            double sum = 0;
            for (int start = 0; start < data.size(); start += t.batchSize()) {
                int[] rows = java.util.Arrays.copyOfRange(order, start, Math.min(data.size(), start + t.batchSize()));
                Dataset batch = data.rows(rows);
                float[] gradient = new float[rows.length * data.classes()];
                sum += crossEntropy(batch, gradient);
                network.backward(Nd4j.createFromArray(gradient).reshape(rows.length, data.classes()), false);
                if (t.weightDecay() > 0) {
                    network.gradients().addi(network.parameters().mul(t.weightDecay()));
                }
                hooks.afterBackward().run();
                optimizer.accept(network);
                hooks.afterUpdate().run();
            }
            loss = sum / data.size();
        }
        return loss;
    }

    /**
     * Runs {@code batch} forward and writes d(mean cross-entropy)/dlogits into {@code gradient};
     * returns the summed cross-entropy.
     */
    private double crossEntropy(Dataset batch, float[] gradient) {
        INDArray probabilities = softmax(network.forward(matrix(batch)));
        float[] p = probabilities.reshape(probabilities.length()).toFloatVector();
        int k = batch.classes();
        double sum = 0;
        for (int i = 0; i < batch.size(); i++) {
            int y = batch.labels()[i];
            sum -= Math.log(Math.max(p[i * k + y], 1e-12f));
            for (int c = 0; c < k; c++) {
                gradient[i * k + c] = (p[i * k + c] - (c == y ? 1f : 0f)) / batch.size();
            }
        }
        return sum;
    }

    /** d(mean cross-entropy)/dinputs of {@code batch} (size x features, row-major): what gradient attacks follow. */
    public float[] inputGradient(Dataset batch) {
        float[] gradient = new float[batch.size() * batch.classes()];
        crossEntropy(batch, gradient);
        INDArray dx = network.backward(Nd4j.createFromArray(gradient).reshape(batch.size(), batch.classes()));
        return dx.reshape(dx.length()).toFloatVector();
    }

    /** The logits of every row (size x classes, row-major), in batches. */
    public float[] logits(Dataset data) {
        int k = network.outputSize();
        float[] out = new float[data.size() * k];
        for (int start = 0; start < data.size(); start += EVAL_BATCH) {
            Dataset batch = data.range(start, Math.min(data.size(), start + EVAL_BATCH));
            INDArray z = network.forward(matrix(batch));
            System.arraycopy(z.reshape(z.length()).toFloatVector(), 0, out, start * k, batch.size() * k);
        }
        return out;
    }

    public double accuracy(Dataset data) {
        return accuracy(logits(data), data.labels(), data.classes());
    }

    /** The fraction of rows whose largest logit is the label's. */
    public static double accuracy(float[] logits, int[] labels, int classes) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (argmax(logits, i * classes, classes) == labels[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }

    public static int argmax(float[] values, int offset, int count) {
        int best = 0;
        for (int c = 1; c < count; c++) {
            if (values[offset + c] > values[offset + best]) {
                best = c;
            }
        }
        return best;
    }

    /** The rows of {@code data} as a batch matrix. */
    public static INDArray matrix(Dataset data) {
        return Nd4j.createFromArray(data.inputs()).reshape(data.size(), data.features());
    }

    private static INDArray softmax(INDArray logits) {
        INDArray out = logits.ulike();
        Nd4j.exec(new SoftMax(logits, out, 1));
        return out;
    }
}
