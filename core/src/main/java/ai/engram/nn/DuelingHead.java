package ai.engram.nn;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Wang et al. (2016): Q(s, a) = V(s) + A(s, a) - mean_a' A(s, a'), a value stream and an advantage
 * stream, each one linear map from the features. Parameters: the advantage layer, then the value layer.
 */
public final class DuelingHead implements Layer {

    private final int actions;
    private final Dense advantage;
    private final Dense value;

    public DuelingHead(int in, int actions, Initializer initializer) {
        this.actions = actions;
        this.advantage = new Dense(in, actions, initializer);
        this.value = new Dense(in, 1, initializer);
    }

    @Override
    public int inputSize() {
        return advantage.inputSize();
    }

    @Override
    public int outputSize() {
        return actions;
    }

    @Override
    public int parameterCount() {
        return advantage.parameterCount() + value.parameterCount();
    }

    @Override
    public void bind(INDArray parameters, INDArray gradients) {
        int a = advantage.parameterCount();
        int all = parameterCount();
        advantage.bind(parameters.get(NDArrayIndex.interval(0, a)), gradients.get(NDArrayIndex.interval(0, a)));
        value.bind(parameters.get(NDArrayIndex.interval(a, all)), gradients.get(NDArrayIndex.interval(a, all)));
    }

    @Override
    public void initialize(SplittableRandom random) {
        advantage.initialize(random);
        value.initialize(random);
    }

    @Override
    public INDArray forward(INDArray x) {
        INDArray a = advantage.forward(x);
        INDArray v = value.forward(x);
        return a.subiColumnVector(a.mean(true, 1)).addiColumnVector(v);
    }

    @Override
    public INDArray backward(INDArray outputGradient, boolean inputGradient) {
        INDArray dValue = outputGradient.sum(true, 1);
        INDArray dAdvantage = outputGradient.subColumnVector(outputGradient.mean(true, 1));
        INDArray dInput = advantage.backward(dAdvantage, inputGradient);
        INDArray dInputValue = value.backward(dValue, inputGradient);
        return inputGradient ? dInput.addi(dInputValue) : null;
    }

    @Override
    public void forwardPlain(float[] p, int offset, float[] x, int xOffset, float[] y) {
        advantage.forwardPlain(p, offset, x, xOffset, y);
        int v = offset + advantage.parameterCount(); // the value layer: in weights, then its bias
        int in = inputSize();
        float stateValue = p[v + in];
        for (int i = 0; i < in; i++) {
            stateValue += x[xOffset + i] * p[v + i];
        }
        float mean = 0;
        for (int i = 0; i < actions; i++) {
            mean += y[i];
        }
        mean /= actions;
        for (int i = 0; i < actions; i++) {
            y[i] += stateValue - mean;
        }
    }
}
