package ai.engram.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Concatenated ReLU (Shang et al. 2016): x -> [relu(x), relu(-x)], doubling the width. Followed by
 * a Dense layer with {@link Initializer.LooksLinear} weights [W0; -W0] the pair computes
 * relu(x) W0 - relu(-x) W0 = x W0: a network that is linear at initialization (Balduzzi et al. 2017).
 */
public final class CRelu implements Layer {

    private final int size;
    private INDArray input;

    public CRelu(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("CReLU size must be positive, got " + size);
        }
        this.size = size;
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return 2 * size;
    }

    @Override
    public INDArray forward(INDArray x) {
        input = x;
        return Nd4j.hstack(Transforms.relu(x, true), Transforms.relu(x.neg(), false));
    }

    /** dx = g[:, :n] where x > 0, minus g[:, n:] where x < 0. */
    @Override
    public INDArray backward(INDArray outputGradient, boolean inputGradient) {
        if (!inputGradient) {
            return null;
        }
        INDArray positive = outputGradient.get(NDArrayIndex.all(), NDArrayIndex.interval(0, size)).dup('c');
        INDArray negative = outputGradient.get(NDArrayIndex.all(), NDArrayIndex.interval(size, 2 * size)).dup('c');
        INDArray dPositive = positive.ulike();
        INDArray dNegative = negative.ulike();
        Nd4j.exec(new ThresholdReluBp(input, positive, dPositive, 0.0));
        Nd4j.exec(new ThresholdReluBp(input.neg(), negative, dNegative, 0.0));
        return dPositive.subi(dNegative);
    }

    @Override
    public void forwardPlain(float[] parameters, int offset, float[] x, int xOffset, float[] y) {
        for (int i = 0; i < size; i++) {
            float v = x[xOffset + i];
            y[i] = Math.max(v, 0f);
            y[size + i] = Math.max(-v, 0f);
        }
    }
}
