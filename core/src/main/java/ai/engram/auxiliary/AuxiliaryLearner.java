package ai.engram.auxiliary;

import ai.engram.nn.Network;
import java.nio.file.Path;
import java.util.List;

/**
 * A supervised paper module attached to a training run. It never touches the learner's live
 * parameters or replay table: each round it gets its own network holding a parameter snapshot
 * and a sample of replay observations, on its own thread, and writes {@code aux/<name>.csv} and
 * its pictures into the run directory. Rounds that would find the previous one still running are
 * skipped, so the learner never waits for it.
 */
public interface AuxiliaryLearner {

    /** The module's name, as {@code aux = [...]} and {@code --aux} spell it. */
    String name();

    /**
     * Whether the module changes training itself (a loss term, a step after each update, an
     * initializer, a layer type). Such a module acts through the network layer inside the learner,
     * in every run mode; one that only reads (DeepLIFT, TCAV) runs beside it.
     */
    boolean changesTraining();

    /** The columns of {@code aux/<name>.csv}. */
    List<String> columns();

    /**
     * One round: {@code network} holds the learner's parameters as of {@code envStep} (a private
     * copy), {@code sample} replay observations. Returns the CSV rows of this round and may draw
     * pictures into {@code directory}.
     */
    List<List<Object>> round(Network network, ReplaySample sample, long envStep, Path directory);

    /** Observations sampled uniformly from the replay table (count x observationSize, row-major). */
    record ReplaySample(float[] observations, int count, int observationSize) {

        /**
         * Copies {@code count} (at most the table's size) observations drawn uniformly from
         * {@code table} by {@code random}, which is the caller's own: the run's draws stay as they were.
         */
        public static ReplaySample draw(ai.engram.replay.ReplayTable table, int count, java.util.SplittableRandom random) {
            int size = table.size();
            int n = Math.min(count, size);
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) {
                rows[i] = random.nextInt(size);
            }
            float[] observations = new float[n * table.observationSize()];
            table.copyObservations(rows, observations);
            return new ReplaySample(observations, n, table.observationSize());
        }
    }
}
