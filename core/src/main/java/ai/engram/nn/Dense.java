package ai.engram.nn;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.XwPlusB;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** y = x W + b, with W of shape (in x out) stored row-major ahead of b in the flat parameters. */
public final class Dense implements Layer {

    private final int in;
    private final int out;
    private final Initializer initializer;
    private INDArray weights;
    private INDArray bias;
    private INDArray weightGradient;
    private INDArray biasGradient;
    private INDArray flat;
    private INDArray input;

    public Dense(int in, int out, Initializer initializer) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Dense layer sizes must be positive, got " + in + " -> " + out);
        }
        this.in = in;
        this.out = out;
        this.initializer = initializer;
    }

    @Override
    public int inputSize() {
        return in;
    }

    @Override
    public int outputSize() {
        return out;
    }

    @Override
    public int parameterCount() {
        return in * out + out;
    }

    @Override
    public void bind(INDArray parameters, INDArray gradients) {
        flat = parameters;
        weights = parameters.get(NDArrayIndex.interval(0, in * out)).reshape('c', in, out);
        bias = parameters.get(NDArrayIndex.interval(in * out, in * out + out));
        weightGradient = gradients.get(NDArrayIndex.interval(0, in * out)).reshape('c', in, out);
        biasGradient = gradients.get(NDArrayIndex.interval(in * out, in * out + out));
    }

    @Override
    public void initialize(SplittableRandom random) {
        float[] values = new float[parameterCount()];
        float[] w = new float[in * out];
        initializer.fill(w, in, out, random);
        System.arraycopy(w, 0, values, 0, w.length);
        double bound = initializer.biasBound(in);
        for (int j = 0; j < out; j++) {
            values[in * out + j] = (float) ((2 * random.nextDouble() - 1) * bound);
        }
        flat.assign(Nd4j.createFromArray(values));
    }

    /** One fused op (xw_plus_b): ND4J's cost is per op, not per flop. */
    @Override
    public INDArray forward(INDArray x) {
        input = x;
        // a c-ordered output: xw_plus_b's own is f-ordered, and mixing orders downstream gave wrong tanh input gradients
        INDArray y = Nd4j.createUninitialized(x.dataType(), x.rows(), out);
        Nd4j.exec(new XwPlusB(new INDArray[] {x, weights, bias}, y));
        return y;
    }

    @Override
    public INDArray backward(INDArray outputGradient, boolean inputGradient) {
        INDArray dInput = inputGradient ? Nd4j.gemm(outputGradient, weights, false, true) : null;
        Nd4j.gemm(input, outputGradient, weightGradient, true, false, 1.0, 0.0);
        outputGradient.sum(biasGradient, 0);
        return dInput;
    }

    @Override
    public void forwardPlain(float[] p, int offset, float[] x, int xOffset, float[] y) {
        int b = offset + in * out;
        for (int j = 0; j < out; j++) {
            y[j] = p[b + j];
        }
        for (int i = 0; i < in; i++) {
            float xi = x[xOffset + i];
            int row = offset + i * out;
            for (int j = 0; j < out; j++) {
                y[j] += xi * p[row + j];
            }
        }
    }
}
