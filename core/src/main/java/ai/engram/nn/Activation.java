package ai.engram.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** An elementwise nonlinearity as a layer of its own, so its activations can be read and differentiated. */
public final class Activation implements Layer {

    public enum Kind { RELU, TANH }

    private final Kind kind;
    private final int size;
    /** The output: both derivatives are functions of it (ReLU's output is positive exactly where its input is). */
    private INDArray saved;

    public Activation(Kind kind, int size) {
        this.kind = kind;
        this.size = size;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public INDArray forward(INDArray x) {
        return switch (kind) {
            case RELU -> saved = Transforms.relu(x, true);
            case TANH -> saved = Transforms.tanh(x, true);
        };
    }

    @Override
    public INDArray backward(INDArray outputGradient, boolean inputGradient) {
        return switch (kind) {
            case RELU -> {
                INDArray g = outputGradient.ulike();
                Nd4j.exec(new ThresholdReluBp(saved, outputGradient, g, 0.0));
                yield g;
            }
            // ND4J's TanhDerivative op does not multiply by the incoming gradient: (1 - y^2) * dy by hand
            case TANH -> saved.mul(saved).rsubi(1).muli(outputGradient);
        };
    }

    @Override
    public void forwardPlain(float[] parameters, int offset, float[] x, int xOffset, float[] y) {
        switch (kind) {
            case RELU -> {
                for (int i = 0; i < size; i++) {
                    y[i] = Math.max(x[xOffset + i], 0f);
                }
            }
            case TANH -> {
                for (int i = 0; i < size; i++) {
                    y[i] = (float) Math.tanh(x[xOffset + i]);
                }
            }
        }
    }
}
