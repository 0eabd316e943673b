package ai.engram.nn;

import java.util.function.IntToDoubleFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stochastic gradient descent with heavy-ball momentum, as PyTorch's {@code torch.optim.SGD}:
 * v = mu v + g, then p -= lr_t v, with lr_t from a schedule over the step t. Its step has the
 * gradient's own shape, unlike Adam's per-coordinate normalized one, which is what a Parseval
 * retraction's small beta was designed to keep up with.
 */
public final class Sgd {

    private final IntToDoubleFunction learningRate;
    private final double momentum;
    private final INDArray velocity;
    private int t;

    /** {@code learningRate} maps the step t = 0, 1, ... to lr_t. */
    public Sgd(int parameterCount, IntToDoubleFunction learningRate, double momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("SGD momentum must be in [0, 1), got " + momentum);
        }
        this.learningRate = learningRate;
        this.momentum = momentum;
        velocity = Nd4j.zeros(DataType.FLOAT, parameterCount);
    }

    /** lr_t = lr (1 + cos(pi t / steps)) / 2, as PyTorch's {@code CosineAnnealingLR} down to 0 after {@code steps}. */
    public static IntToDoubleFunction cosine(double learningRate, int steps) {
        return t -> learningRate * (1 + Math.cos(Math.PI * Math.min(t, steps) / steps)) / 2;
    }

    /** Updates {@code network}'s parameters from its gradients. */
    public void step(Network network) {
        velocity.muli(momentum).addi(network.gradients());
        network.parameters().subi(velocity.mul(learningRate.applyAsDouble(t++)));
    }
}
