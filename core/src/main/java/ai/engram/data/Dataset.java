package ai.engram.data;

import java.util.SplittableRandom;

/**
 * Labelled examples in one row-major float array (size x features, pixel values scaled to
 * [0, 1]), with the image width so that pictures and planted markers know the layout.
 */
public record Dataset(String name, float[] inputs, int[] labels, int features, int classes, int width) {

    public Dataset {
        if (inputs.length != labels.length * features) {
            throw new IllegalArgumentException(name + ": " + inputs.length + " values do not make "
                    + labels.length + " rows of " + features);
        }
    }

    public int size() {
        return labels.length;
    }

    /** The rows {@code rows}, in that order. */
    public Dataset rows(int[] rows) {
        float[] x = new float[rows.length * features];
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(inputs, rows[i] * features, x, i * features, features);
            y[i] = labels[rows[i]];
        }
        return new Dataset(name, x, y, features, classes, width);
    }

    /** Rows [from, to). */
    public Dataset range(int from, int to) {
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return rows(rows);
    }

    /** The rows in a seeded random order (Fisher-Yates). */
    public Dataset shuffled(long seed) {
        return rows(permutation(size(), new SplittableRandom(seed)));
    }

    /** The rows of class {@code label}. */
    public Dataset ofClass(int label) {
        return rows(java.util.stream.IntStream.range(0, size()).filter(i -> labels[i] == label).toArray());
    }

    public static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
