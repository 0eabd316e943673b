package ai.engram.replay;

/** Chooses which rows of a {@link ReplayTable} a batch reads (Reverb's sampler). */
public sealed interface Sampler permits UniformSampler, PrioritizedSampler {

    /** Row {@code row} was just (over)written. */
    void inserted(int row);

    /** Writes {@code batchSize} rows in [0, size) to {@code rows} and their importance weights to {@code weights}. */
    void sample(int size, int batchSize, int[] rows, float[] weights);

    /** Generator position and priorities, for checkpoints. */
    State state();

    void restore(State state);

    /** A sampler's state: its generator and, for prioritized sampling, every row's priority. */
    record State(long[] random, double[] priorities, double maxPriority, double beta) {
    }
}
