package ai.engram.compare;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A run as a comparison sees it: who it is (from its config.conf) and its greedy evaluations (the
 * {@code eval_return} rows of its metrics.csv), in increasing env steps.
 *
 * @param completed whether the run carries the marker of a run trained to its end
 */
public record RecordedRun(Path directory, String agent, String env, long seed, long[] evalSteps, double[] evalReturns,
                          boolean completed) {

    public long firstStep() {
        return evalSteps[0];
    }

    public long lastStep() {
        return evalSteps[evalSteps.length - 1];
    }

    /**
     * The run's evaluation at {@code step}, carried forward: the latest evaluation at or before it.
     * NaN before its first evaluation and after its last (a run says nothing about steps it never reached).
     */
    public double valueAt(long step) {
        if (step < firstStep() || step > lastStep()) {
            return Double.NaN;
        }
        int i = Arrays.binarySearch(evalSteps, step);
        return evalReturns[i >= 0 ? i : -i - 2];
    }

    /** The first evaluation step at or before {@code until} whose return reached {@code threshold}, or -1. */
    public long firstStepReaching(double threshold, long until) {
        for (int i = 0; i < evalSteps.length && evalSteps[i] <= until; i++) {
            if (evalReturns[i] >= threshold) {
                return evalSteps[i];
            }
        }
        return -1;
    }
}
