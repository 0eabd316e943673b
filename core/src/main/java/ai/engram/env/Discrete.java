package ai.engram.env;

import java.util.SplittableRandom;

/** Gymnasium's {@code Discrete(n, start)}: the whole numbers {@code start .. start + n - 1}. */
public record Discrete(int n, int start) implements Space {

    public Discrete {
        if (n <= 0) {
            throw new IllegalArgumentException("Discrete space needs n > 0, got " + n);
        }
    }

    public Discrete(int n) {
        this(n, 0);
    }

    @Override
    public int flatSize() {
        return 1;
    }

    public int sample(SplittableRandom random) {
        return start + random.nextInt(n);
    }

    @Override
    public void sample(SplittableRandom random, double[] out, int offset) {
        out[offset] = sample(random);
    }

    public boolean contains(long value) {
        return value >= start && value < (long) start + n;
    }

    @Override
    public boolean contains(double[] value, int offset) {
        double v = value[offset];
        return v == Math.rint(v) && contains((long) v);
    }

    @Override
    public String toString() {
        return start == 0 ? "Discrete(" + n + ")" : "Discrete(" + n + ", start=" + start + ")";
    }
}
