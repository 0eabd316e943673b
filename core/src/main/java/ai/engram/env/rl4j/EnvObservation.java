package ai.engram.env.rl4j;

import ai.engram.env.Env;
import org.deeplearning4j.rl4j.space.Encodable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One observation of an Engram {@link Env} as RL4J sees it: the env's float32 values in row-major
 * order and the observation's shape. Treat both arrays as read-only; {@link #dup()} copies.
 *
 * <p>RL4J 1.0.0-M1.1's learners read {@link #getData()} (through {@code LegacyMDPWrapper} and
 * {@code EncodableToINDArrayTransform}), not {@link #toArray()}. Every call builds a fresh float
 * array of the observation's shape, because RL4J scales that array in place when a history
 * processor is set.
 */
public record EnvObservation(float[] values, int[] shape) implements Encodable {

    @Override
    public double[] toArray() {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** Engram environments never skip frames. */
    @Override
    public boolean isSkipped() {
        return false;
    }

    @Override
    public INDArray getData() {
        return Nd4j.create(values, shape);
    }

    @Override
    public EnvObservation dup() {
        return new EnvObservation(values.clone(), shape);
    }
}
