package ai.engram.nn;

import java.util.List;

/**
 * A network's deterministic pass from one parameter snapshot, with every {@link VariationalDense}
 * layer compiled once into compressed sparse rows of its surviving weights: acting then costs one
 * multiply-add per kept weight (and none for an input that is zero after a ReLU), where
 * {@link PlainForward} pays for every weight. Holds scratch buffers, so use one per thread.
 */
public final class SparseForward {

    private final Layer[] layers;
    private final int[] offsets;
    private final float[][] buffers;
    private final Csr[] sparse;
    private final float[] parameters;

    /** x W restricted to the kept weights, by input row: row i's weights are values[start[i] .. start[i+1]). */
    private record Csr(int[] start, int[] column, float[] value, float[] bias) {
    }

    public SparseForward(List<Layer> layers, float[] parameters) {
        this.layers = layers.toArray(Layer[]::new);
        this.parameters = parameters.clone();
        offsets = new int[this.layers.length];
        buffers = new float[this.layers.length][];
        sparse = new Csr[this.layers.length];
        int offset = 0;
        for (int l = 0; l < this.layers.length; l++) {
            offsets[l] = offset;
            buffers[l] = new float[this.layers[l].outputSize()];
            if (this.layers[l] instanceof VariationalDense v) {
                sparse[l] = compile(v, offset);
            }
            offset += this.layers[l].parameterCount();
        }
        if (offset != parameters.length) {
            throw new IllegalArgumentException("the layers hold " + offset + " parameters, the snapshot " + parameters.length);
        }
    }

    private Csr compile(VariationalDense v, int offset) {
        int in = v.inputSize();
        int out = v.outputSize();
        int n = in * out;
        int[] start = new int[in + 1];
        int[] column = new int[n];
        float[] value = new float[n];
        int k = 0;
        for (int i = 0; i < in; i++) {
            start[i] = k;
            for (int j = 0; j < out; j++) {
                int w = offset + i * out + j;
                if (VariationalDense.kept(parameters[w], parameters[w + n])) {
                    column[k] = j;
                    value[k++] = parameters[w];
                }
            }
        }
        start[in] = k;
        float[] bias = java.util.Arrays.copyOfRange(parameters, offset + 2 * n, offset + 2 * n + out);
        return new Csr(start, java.util.Arrays.copyOf(column, k), java.util.Arrays.copyOf(value, k), bias);
    }

    /** Weights kept in the sparse layers. */
    public int keptWeights() {
        int kept = 0;
        for (Csr c : sparse) {
            kept += c == null ? 0 : c.value().length;
        }
        return kept;
    }

    /** The output for {@code input[inputOffset ..]}; the returned array is a scratch buffer. */
    public float[] apply(float[] input, int inputOffset) {
        float[] x = input;
        int xOffset = inputOffset;
        for (int l = 0; l < layers.length; l++) {
            float[] y = buffers[l];
            Csr c = sparse[l];
            if (c == null) {
                layers[l].forwardPlain(parameters, offsets[l], x, xOffset, y);
            } else {
                System.arraycopy(c.bias(), 0, y, 0, y.length);
                for (int i = 0; i < c.start().length - 1; i++) {
                    float xi = x[xOffset + i];
                    if (xi != 0f) {
                        for (int k = c.start()[i]; k < c.start()[i + 1]; k++) {
                            y[c.column()[k]] += xi * c.value()[k];
                        }
                    }
                }
            }
            x = y;
            xOffset = 0;
        }
        return x;
    }
}
