package ai.engram.nn;

import java.util.List;

/**
 * Evaluates a network's architecture on one example in plain Java, from a flat parameter
 * snapshot: a 4-64-64-2 MLP takes about a microsecond, against a quarter of a millisecond for one
 * ND4J forward call. Holds scratch buffers, so use one per thread.
 */
public final class PlainForward {

    private final Layer[] layers;
    private final int[] offsets;
    private final float[][] buffers;

    PlainForward(List<Layer> layers) {
        this.layers = layers.toArray(Layer[]::new);
        offsets = new int[this.layers.length];
        buffers = new float[this.layers.length][];
        int offset = 0;
        for (int i = 0; i < this.layers.length; i++) {
            offsets[i] = offset;
            offset += this.layers[i].parameterCount();
            buffers[i] = new float[this.layers[i].outputSize()];
        }
    }

    /**
     * Computes the output for {@code input[inputOffset .. inputOffset + inputSize)} under
     * {@code parameters}; the returned array is a scratch buffer, overwritten by the next call.
     */
    public float[] apply(float[] parameters, float[] input, int inputOffset) {
        float[] x = input;
        int xOffset = inputOffset;
        for (int i = 0; i < layers.length; i++) {
            layers[i].forwardPlain(parameters, offsets[i], x, xOffset, buffers[i]);
            x = buffers[i];
            xOffset = 0;
        }
        return x;
    }
}
