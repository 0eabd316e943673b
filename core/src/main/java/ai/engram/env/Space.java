package ai.engram.env;

import java.util.SplittableRandom;

/**
 * An observation or action space with Gymnasium's meaning. Values travel as flat {@code double}
 * or {@code float} arrays: a {@link Discrete} value is one whole number, a {@link Box} value is
 * {@link #flatSize()} numbers in row-major order.
 */
public sealed interface Space permits Discrete, Box {

    /** How many numbers one value of this space takes in a flat array. */
    int flatSize();

    /** Writes a uniformly drawn value (Gymnasium's {@code sample()}) into {@code out[offset..]}. */
    void sample(SplittableRandom random, double[] out, int offset);

    /** Whether {@code value[offset..offset+flatSize())} is a member of the space. */
    boolean contains(double[] value, int offset);

    default boolean contains(double... value) {
        return value.length == flatSize() && contains(value, 0);
    }
}
