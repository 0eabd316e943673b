package ai.engram.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.RmsPropUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RMSProp (Tieleman and Hinton 2012) on a network's flat parameters, without momentum, as NEC's
 * paper uses it: s = decay s + (1 - decay) g^2, then p -= lr g / (sqrt(s) + epsilon). One fused ND4J
 * op per step. Optional clipping of the global gradient norm first.
 */
public final class RmsProp {

    private final double learningRate;
    private final double decay;
    private final double epsilon;
    private final double maxGradientNorm;
    private final INDArray meanSquare;

    /** {@code maxGradientNorm} of infinity turns clipping off. */
    public RmsProp(int parameterCount, double learningRate, double decay, double epsilon, double maxGradientNorm) {
        this.learningRate = learningRate;
        this.decay = decay;
        this.epsilon = epsilon;
        this.maxGradientNorm = maxGradientNorm;
        meanSquare = Nd4j.zeros(DataType.FLOAT, parameterCount);
    }

    /**
     * Updates {@code network}'s parameters from its gradients (which this consumes) and returns the
     * gradient norm before clipping, or NaN when clipping is off.
     */
    public double step(Network network) {
        INDArray g = network.gradients();
        double norm = GradientClipping.clip(g, maxGradientNorm);
        Nd4j.exec(new RmsPropUpdater(g, meanSquare, learningRate, decay, epsilon));
        network.parameters().subi(g);
        return norm;
    }

    /** The running mean of squared gradients, for checkpoints. */
    public float[] state() {
        return meanSquare.toFloatVector();
    }

    public void restore(float[] state) {
        if (state.length != meanSquare.length()) {
            throw new IllegalArgumentException("optimizer state is for " + state.length + " parameters, this one has "
                    + meanSquare.length());
        }
        meanSquare.assign(Nd4j.createFromArray(state));
    }
}
