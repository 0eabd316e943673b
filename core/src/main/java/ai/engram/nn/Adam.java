package ai.engram.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Kingma and Ba (2015), as PyTorch's {@code torch.optim.Adam} with bias correction, on a network's
 * flat parameters: one fused ND4J op per step whatever the number of layers. Optional clipping of
 * the global gradient norm first, as {@code torch.nn.utils.clip_grad_norm_}.
 */
public final class Adam {

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double maxGradientNorm;
    private final INDArray m;
    private final INDArray v;
    private int iteration;

    /** {@code maxGradientNorm} of infinity turns clipping off. */
    public Adam(int parameterCount, double learningRate, double beta1, double beta2, double epsilon, double maxGradientNorm) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.maxGradientNorm = maxGradientNorm;
        m = Nd4j.zeros(DataType.FLOAT, parameterCount);
        v = Nd4j.zeros(DataType.FLOAT, parameterCount);
    }

    /**
     * Updates {@code network}'s parameters from its gradients (which this consumes) and returns the
     * gradient norm before clipping, or NaN when clipping is off (the norm is one more ND4J op).
     */
    public double step(Network network) {
        return step(network.parameters(), network.gradients());
    }

    /** As {@link #step(Network)} on any flat parameters and their gradients (a layer kept outside a {@link Network}). */
    public double step(INDArray parameters, INDArray gradients) {
        if (parameters.length() != m.length()) {
            throw new IllegalArgumentException("optimizer is for " + m.length() + " parameters, got " + parameters.length());
        }
        double norm = GradientClipping.clip(gradients, maxGradientNorm);
        Nd4j.exec(new AdamUpdater(gradients, v, m, learningRate, beta1, beta2, epsilon, iteration));
        iteration++;
        parameters.subi(gradients);
        return norm;
    }

    public int iteration() {
        return iteration;
    }

    /** The optimizer's state, for checkpoints: first moments, second moments, iteration. */
    public State state() {
        return new State(m.toFloatVector(), v.toFloatVector(), iteration);
    }

    public void restore(State state) {
        if (state.m().length != m.length() || state.v().length != v.length()) {
            throw new IllegalArgumentException("optimizer state is for " + state.m().length + " parameters, this one has " + m.length());
        }
        m.assign(Nd4j.createFromArray(state.m()));
        v.assign(Nd4j.createFromArray(state.v()));
        iteration = state.iteration();
    }

    public record State(float[] m, float[] v, int iteration) {
    }
}
