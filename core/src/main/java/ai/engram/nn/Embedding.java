package ai.engram.nn;

import java.util.Random;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterAdd;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A lookup table of {@code vocabulary} rows of {@code width}: each input row holds {@code words}
 * word ids (as numbers) and comes out as their rows side by side (Bengio et al. 2003's C(w)).
 * One gather forward and one scatter-add backward, so a batch costs two ND4J ops whatever its size.
 */
public final class Embedding implements Layer {

    private final int vocabulary;
    private final int width;
    private final int words;
    private INDArray table;
    private INDArray tableGradient;
    private int[] ids;

    public Embedding(int vocabulary, int width, int words) {
        if (vocabulary < 1 || width < 1 || words < 1) {
            throw new IllegalArgumentException("an embedding needs positive sizes, got vocabulary " + vocabulary + ", width " + width
                    + ", words " + words);
        }
        this.vocabulary = vocabulary;
        this.width = width;
        this.words = words;
    }

    @Override
    public int inputSize() {
        return words;
    }

    @Override
    public int outputSize() {
        return words * width;
    }

    @Override
    public int parameterCount() {
        return vocabulary * width;
    }

    @Override
    public void bind(INDArray parameters, INDArray gradients) {
        table = parameters.reshape('c', vocabulary, width);
        tableGradient = gradients.reshape('c', vocabulary, width);
    }

    /** N(0, 1), as PyTorch's {@code nn.Embedding}. */
    @Override
    public void initialize(SplittableRandom random) {
        float[] v = new float[vocabulary * width];
        Random gaussian = new Random(random.nextLong());
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) gaussian.nextGaussian();
        }
        table.assign(Nd4j.createFromArray(v).reshape('c', vocabulary, width));
    }

    @Override
    public INDArray forward(INDArray input) {
        ids = input.reshape(input.length()).toIntVector();
        for (int id : ids) {
            if (id < 0 || id >= vocabulary) {
                throw new IllegalArgumentException("word id " + id + " outside a vocabulary of " + vocabulary);
            }
        }
        return Nd4j.pullRows(table, 1, ids).reshape('c', input.rows(), words * width);
    }

    /** Ids are not differentiable: their input gradient, when asked for, is zero. */
    @Override
    public INDArray backward(INDArray outputGradient, boolean inputGradient) {
        tableGradient.assign(0);
        ScatterAdd op = new ScatterAdd(tableGradient, Nd4j.createFromArray(ids), outputGradient.reshape('c', ids.length, width));
        op.addOutputArgument(tableGradient);
        Nd4j.exec(op);
        return inputGradient ? Nd4j.zeros(outputGradient.dataType(), outputGradient.rows(), words) : null;
    }

    @Override
    public void forwardPlain(float[] parameters, int offset, float[] input, int inputOffset, float[] output) {
        for (int k = 0; k < words; k++) {
            System.arraycopy(parameters, offset + (int) input[inputOffset + k] * width, output, k * width, width);
        }
    }
}
