package ai.engram.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A stack of {@link Layer}s whose parameters and gradients live in two flat float32 arrays. The
 * learner runs batches through it on ND4J; actors evaluate a {@link #snapshot()} of it in plain
 * Java ({@link PlainForward}), which for one observation is ~100x cheaper than an ND4J call.
 */
public final class Network {

    private final List<Layer> layers;
    private final INDArray parameters;
    private final INDArray gradients;
    private final INDArray[] activations;

    /** Binds the layers to fresh flat float32 arrays and initializes them from {@code seed}. */
    public Network(List<? extends Layer> layers, long seed) {
        this(layers, seed, DataType.FLOAT);
    }

    /** As {@link #Network(List, long)} in another precision (float64 for gradient checks). */
    public Network(List<? extends Layer> layers, long seed, DataType dataType) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).inputSize() != layers.get(i - 1).outputSize()) {
                throw new IllegalArgumentException("layer " + i + " takes " + layers.get(i).inputSize()
                        + " inputs but layer " + (i - 1) + " gives " + layers.get(i - 1).outputSize());
            }
        }
        this.layers = List.copyOf(layers);
        Flat flat = bind(this.layers, seed, dataType);
        parameters = flat.parameters();
        gradients = flat.gradients();
        activations = new INDArray[layers.size()];
    }

    /** Flat parameters and their gradients, as one pair of arrays that layers hold views into. */
    public record Flat(INDArray parameters, INDArray gradients) {
    }

    /**
     * Binds {@code layers} (in any arrangement, not only a stack) to fresh flat arrays in order and
     * initializes them from {@code seed}: what a layer kept outside a network (an output layer that
     * needs the labels) uses to get one array for its optimizer.
     */
    public static Flat bind(List<? extends Layer> layers, long seed, DataType dataType) {
        int count = layers.stream().mapToInt(Layer::parameterCount).sum();
        Flat flat = new Flat(Nd4j.zeros(dataType, count), Nd4j.zeros(dataType, count));
        SplittableRandom random = new SplittableRandom(seed);
        int offset = 0;
        for (Layer layer : layers) {
            int n = layer.parameterCount();
            if (n > 0) {
                layer.bind(flat.parameters().get(NDArrayIndex.interval(offset, offset + n)),
                        flat.gradients().get(NDArrayIndex.interval(offset, offset + n)));
                layer.initialize(random);
            }
            offset += n;
        }
        return flat;
    }

    /**
     * A multilayer perceptron: Dense + activation for each hidden size, then a linear output layer,
     * or a dueling head when {@code dueling}.
     */
    public static Network mlp(int inputs, int[] hidden, int outputs, Activation.Kind activation, boolean dueling,
                              Initializer initializer, long seed) {
        return new Network(mlpLayers(inputs, hidden, outputs, activation, dueling, initializer), seed);
    }

    /** The layers of {@link #mlp}. */
    public static List<Layer> mlpLayers(int inputs, int[] hidden, int outputs, Activation.Kind activation, boolean dueling,
                                        Initializer initializer) {
        List<Layer> layers = new ArrayList<>();
        int width = inputs;
        for (int h : hidden) {
            layers.add(new Dense(width, h, initializer));
            layers.add(new Activation(activation, h));
            width = h;
        }
        layers.add(dueling ? new DuelingHead(width, outputs, initializer) : new Dense(width, outputs, initializer));
        return layers;
    }

    public List<Layer> layers() {
        return layers;
    }

    public int inputSize() {
        return layers.get(0).inputSize();
    }

    public int outputSize() {
        return layers.get(layers.size() - 1).outputSize();
    }

    public int parameterCount() {
        return (int) parameters.length();
    }

    /** The flat parameters (a live view: writing it changes the network). */
    public INDArray parameters() {
        return parameters;
    }

    /** The flat gradients of the last {@link #backward} (a live view). */
    public INDArray gradients() {
        return gradients;
    }

    /** Runs a batch (batch x inputs) through every layer, keeping each layer's output. */
    public INDArray forward(INDArray input) {
        if (input.columns() != inputSize()) {
            throw new IllegalArgumentException("network takes " + inputSize() + " inputs, got a batch of "
                    + Arrays.toString(input.shape()));
        }
        INDArray x = input;
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).forward(x);
            activations[i] = x;
        }
        return x;
    }

    /** The output of layer {@code i} in the last forward pass. */
    public INDArray activation(int i) {
        return activations[i];
    }

    /**
     * Back-propagates dLoss/dOutput of the last forward pass: fills {@link #gradients()} and
     * returns dLoss/dInput.
     */
    public INDArray backward(INDArray outputGradient) {
        return backward(outputGradient, true);
    }

    /** As {@link #backward(INDArray)}, skipping dLoss/dInput (returns null) when only the parameters' gradients are wanted. */
    public INDArray backward(INDArray outputGradient, boolean inputGradient) {
        return backwardTo(0, outputGradient, inputGradient);
    }

    /**
     * The gradient of the last forward pass's output, weighted by {@code outputGradient}, with
     * respect to the activations of layer {@code layer} (its output, as {@link #activation} gives
     * it): back-propagates through the layers above it only. What TCAV's directional derivatives
     * and the paper modules' attributions need; it overwrites {@link #gradients()} of those layers.
     */
    public INDArray gradientAt(int layer, INDArray outputGradient) {
        if (layer < 0 || layer >= layers.size()) {
            throw new IllegalArgumentException("no layer " + layer + " in a network of " + layers.size());
        }
        return layer == layers.size() - 1 ? outputGradient : backwardTo(layer + 1, outputGradient, true);
    }

    private INDArray backwardTo(int lowest, INDArray outputGradient, boolean inputGradient) {
        INDArray g = outputGradient;
        for (int i = layers.size() - 1; i >= lowest; i--) {
            g = layers.get(i).backward(g, i > lowest || inputGradient);
        }
        return g;
    }

    /** A copy of the flat parameters: what actors act from and what travels in messages. */
    public float[] snapshot() {
        return parameters.toFloatVector();
    }

    public void setParameters(float[] values) {
        if (values.length != parameterCount()) {
            throw new IllegalArgumentException("network has " + parameterCount() + " parameters, got " + values.length);
        }
        parameters.assign(Nd4j.createFromArray(values));
    }

    public void copyParametersFrom(Network other) {
        parameters.assign(other.parameters);
    }

    /** Polyak averaging: this = tau * other + (1 - tau) * this. */
    public void softUpdateFrom(Network other, double tau) {
        parameters.muli(1 - tau).addi(other.parameters.mul(tau));
    }

    /** A plain-Java evaluator of this architecture, with its own scratch buffers (one per thread). */
    public PlainForward plainForward() {
        return new PlainForward(layers);
    }
}
