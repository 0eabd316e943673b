package ai.engram.runtime;

import java.util.Arrays;

/** The episodes a worker finished since its last message: which copy, the return, the length. */
final class EpisodeLog {
    private int[] envs = new int[8];
    private double[] returns = new double[8];
    private int[] lengths = new int[8];
    private int size;

    void add(int env, double episodeReturn, int length) {
        if (size == returns.length) {
            envs = Arrays.copyOf(envs, 2 * size);
            returns = Arrays.copyOf(returns, 2 * size);
            lengths = Arrays.copyOf(lengths, 2 * size);
        }
        envs[size] = env;
        returns[size] = episodeReturn;
        lengths[size] = length;
        size++;
    }

    int[] envs() {
        return Arrays.copyOf(envs, size);
    }

    double[] returns() {
        return Arrays.copyOf(returns, size);
    }

    int[] lengths() {
        return Arrays.copyOf(lengths, size);
    }

    void clear() {
        size = 0;
    }
}
