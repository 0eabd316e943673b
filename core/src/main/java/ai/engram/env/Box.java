package ai.engram.env;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Gymnasium's {@code Box(low, high, shape, dtype)}: a product of intervals, possibly unbounded
 * (infinite bounds). Bounds are kept per element, flattened in row-major order.
 */
public final class Box implements Space {

    /** The element type the environment produces or expects, as Gymnasium names it. */
    public enum DType { FLOAT32, FLOAT64, INT64, UINT8 }

    private final double[] low;
    private final double[] high;
    private final int[] shape;
    private final DType dtype;

    public Box(double[] low, double[] high, int[] shape, DType dtype) {
        int size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (low.length != size || high.length != size) {
            throw new IllegalArgumentException("Box bounds have " + low.length + " and " + high.length
                    + " elements but shape " + Arrays.toString(shape) + " has " + size);
        }
        for (int i = 0; i < size; i++) {
            if (Double.isNaN(low[i]) || Double.isNaN(high[i]) || low[i] > high[i]) {
                throw new IllegalArgumentException("Box bound " + i + " is not an interval: ["
                        + low[i] + ", " + high[i] + "]");
            }
        }
        this.low = low.clone();
        this.high = high.clone();
        this.shape = shape.clone();
        this.dtype = dtype;
    }

    /** A one-dimensional float32 box, the usual case for classic-control observations and actions. */
    public static Box of(double[] low, double[] high) {
        return new Box(low, high, new int[] {low.length}, DType.FLOAT32);
    }

    public double low(int i) {
        return low[i];
    }

    public double high(int i) {
        return high[i];
    }

    public double[] low() {
        return low.clone();
    }

    public double[] high() {
        return high.clone();
    }

    public int[] shape() {
        return shape.clone();
    }

    public DType dtype() {
        return dtype;
    }

    @Override
    public int flatSize() {
        return low.length;
    }

    /** Clips {@code value[offset..]} into the bounds in place, as {@code np.clip(a, low, high)}. */
    public void clip(double[] value, int offset) {
        for (int i = 0; i < low.length; i++) {
            value[offset + i] = Math.min(Math.max(value[offset + i], low[i]), high[i]);
        }
    }

    /**
     * Gymnasium's sampling rule per element: uniform on a bounded interval, exponential on a
     * half-bounded one, standard normal on an unbounded one.
     */
    @Override
    public void sample(SplittableRandom random, double[] out, int offset) {
        for (int i = 0; i < low.length; i++) {
            boolean boundedBelow = !Double.isInfinite(low[i]);
            boolean boundedAbove = !Double.isInfinite(high[i]);
            double v;
            if (boundedBelow && boundedAbove) {
                v = low[i] + (high[i] - low[i]) * random.nextDouble();
            } else if (boundedBelow) {
                v = low[i] - Math.log1p(-random.nextDouble());
            } else if (boundedAbove) {
                v = high[i] + Math.log1p(-random.nextDouble());
            } else {
                v = gaussian(random);
            }
            if (dtype == DType.INT64 || dtype == DType.UINT8) {
                v = Math.floor(v);
            } else if (dtype == DType.FLOAT32) {
                v = Math.min(Math.max((float) v, low[i]), high[i]);
            }
            out[offset + i] = v;
        }
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * random.nextDouble());
    }

    @Override
    public boolean contains(double[] value, int offset) {
        for (int i = 0; i < low.length; i++) {
            double v = value[offset + i];
            if (!(v >= low[i] && v <= high[i])) {
                return false;
            }
            if ((dtype == DType.INT64 || dtype == DType.UINT8) && v != Math.rint(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && dtype == b.dtype && Arrays.equals(shape, b.shape)
                && Arrays.equals(low, b.low) && Arrays.equals(high, b.high);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(low)) + Arrays.hashCode(high);
    }

    @Override
    public String toString() {
        return "Box(" + bounds(low) + ", " + bounds(high) + ", " + Arrays.toString(shape) + ", "
                + dtype.name().toLowerCase() + ")";
    }

    private static String bounds(double[] b) {
        boolean uniform = Arrays.stream(b).allMatch(x -> Double.compare(x, b[0]) == 0);
        return uniform ? Double.toString(b[0]) : Arrays.toString(b);
    }
}
