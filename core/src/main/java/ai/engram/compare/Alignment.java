package ai.engram.compare;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;

/**
 * How the runs of one environment are put on a common step grid, whatever their lengths and
 * evaluation schedules. The grid is regular: its spacing is the finest evaluation interval among
 * the runs (the median gap between a run's evaluations), from one spacing up to the longest run's
 * last evaluation, plus the last evaluations of the shortest and the longest run. A run's value
 * at a grid point is its latest evaluation at or before that point (last value carried forward:
 * never a value the agent was not measured at, and no invented interpolation between
 * evaluations); a run counts at a point only between its first and last evaluation, so curves
 * say at each point how many seeds they hold.
 *
 * <p>Scores for the tables are taken at {@code finalStep}, the last evaluation of the shortest run
 * of this environment: every agent is compared at the same budget of env steps.
 */
public record Alignment(String env, long spacing, long[] grid, long finalStep, int runs, long longest) {

    public static Alignment of(String env, List<RecordedRun> runs) {
        long spacing = runs.stream().mapToLong(Alignment::medianGap).min().orElseThrow();
        long shortest = runs.stream().mapToLong(RecordedRun::lastStep).min().orElseThrow();
        long longest = runs.stream().mapToLong(RecordedRun::lastStep).max().orElseThrow();
        // the end of the shortest run is on the grid too, so the curves end on the scores the tables compare
        long[] grid = LongStream.concat(LongStream.iterate(spacing, s -> s <= longest, s -> s + spacing),
                LongStream.of(shortest, longest)).sorted().distinct().toArray();
        return new Alignment(env, spacing, grid, shortest, runs.size(), longest);
    }

    /** The median interval between a run's evaluations, counting from step 0 to its first. */
    private static long medianGap(RecordedRun run) {
        long[] steps = run.evalSteps();
        long[] gaps = new long[steps.length];
        for (int i = 0; i < steps.length; i++) {
            gaps[i] = steps[i] - (i == 0 ? 0 : steps[i - 1]);
        }
        Arrays.sort(gaps);
        return Math.max(1, gaps[gaps.length / 2]);
    }

    /** One sentence for the report. */
    public String describe() {
        String ends = finalStep == longest ? String.format(Locale.ROOT, "all ending at env step %,d", longest)
                : String.format(Locale.ROOT, "ending between env step %,d and %,d", finalStep, longest);
        return String.format(Locale.ROOT, "%s: %d runs %s; grid every %,d steps up to %,d (and at the shortest run's end),"
                + " each run's latest evaluation carried forward, a run counting only between its first and last"
                + " evaluation; final scores at step %,d, the end of the shortest run.", env, runs, ends, spacing, longest,
                finalStep);
    }
}
