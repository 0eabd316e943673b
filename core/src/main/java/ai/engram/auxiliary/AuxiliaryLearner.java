package ai.engram.auxiliary;

import ai.engram.nn.Network;
import ai.engram.replay.ReplayTable;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A supervised paper module attached to a training run. It never touches the learner's live
 * parameters or replay table: each round it gets its own network holding a parameter snapshot
 * and a sample of replay transitions, on its own thread, and writes {@code aux/<name>.csv} and
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
     * copy), {@code sample} replay transitions. Returns the CSV rows of this round and may draw
     * pictures into {@code directory}.
     */
    List<List<Object>> round(Network network, ReplaySample sample, long envStep, Path directory);

    /**
     * Transitions sampled uniformly from the replay table, row i of each array belonging together, as
     * the learner stores them: observations and next observations (count x observationSize,
     * row-major), actions (count x actionSize), the n-step returns and the discounts that multiply
     * the next observation's value (gamma^n, or 0 at termination). {@code huberLoss} says which TD
     * loss the learner minimizes on them: Huber (delta 1) when true, the squared error otherwise.
     * Primitive arrays only, so the sample can travel in a message.
     */
    record ReplaySample(float[] observations, int count, int observationSize, double[] actions, int actionSize, float[] rewards,
                        float[] discounts, float[] nextObservations, boolean huberLoss) {

        /**
         * Copies {@code count} (at most the table's size) transitions drawn uniformly from
         * {@code table} by {@code random}, which is the caller's own: the run's draws stay as they were.
         */
        public static ReplaySample draw(ReplayTable table, int count, boolean huberLoss, SplittableRandom random) {
            int size = table.size();
            int n = Math.min(count, size);
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) {
                rows[i] = random.nextInt(size);
            }
            int d = table.observationSize();
            ReplaySample s = new ReplaySample(new float[n * d], n, d, new double[n * table.actionSize()], table.actionSize(),
                    new float[n], new float[n], new float[n * d], huberLoss);
            table.copyRows(rows, s.observations(), s.actions(), s.rewards(), s.discounts(), s.nextObservations());
            return s;
        }
    }
}
