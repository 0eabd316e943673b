package ai.engram.nn;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One differentiable step of a {@link Network}, on row-major batches (batch x features).
 *
 * <p>A layer's parameters and gradients are views into the network's two flat arrays, handed to
 * it by {@link #bind}: the optimizer then updates every parameter in a few whole-array operations,
 * and a snapshot of the network is one array copy. {@link #forward} keeps what {@link #backward}
 * needs, so a backward pass must follow the forward pass it differentiates.
 */
public interface Layer {

    int inputSize();

    int outputSize();

    /** How many numbers of the network's flat parameter array this layer owns (none by default: an activation). */
    default int parameterCount() {
        return 0;
    }

    /** Points the layer at its slices of the network's flat parameters and gradients. */
    default void bind(INDArray parameters, INDArray gradients) {
    }

    /** Writes initial values into the bound parameters. */
    default void initialize(SplittableRandom random) {
    }

    INDArray forward(INDArray input);

    /**
     * Given dLoss/dOutput of the last forward pass, writes dLoss/dParameters into the bound
     * gradients (overwriting them) and returns dLoss/dInput, or null when {@code inputGradient} is
     * false (the first layer of a network being trained: its input gradient is one op wasted).
     */
    INDArray backward(INDArray outputGradient, boolean inputGradient);

    /**
     * The same function on plain arrays for one example, used to act without ND4J's per-call cost:
     * this layer's parameters start at {@code parameters[offset]} of a flat snapshot, the example at
     * {@code input[inputOffset]}; the result goes to {@code output[0 .. outputSize())}.
     */
    void forwardPlain(float[] parameters, int offset, float[] input, int inputOffset, float[] output);
}
