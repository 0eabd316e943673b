package ai.engram.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The comparison of recorded runs grouped by agent and environment: per environment the aligned
 * learning curves (IQM over seeds with a bootstrap interval at every grid point), per agent and
 * environment the final-score statistics, and the probability of improvement of every pair of agents.
 */
public record Comparison(List<EnvResult> envs, List<Improvement> improvements, Bootstrap bootstrap) {

    /** One environment: its grid, its threshold (null if none) and each agent's results, agents in name order. */
    public record EnvResult(String env, Alignment alignment, Double threshold, List<AgentResult> agents) {
    }

    public record AgentResult(String agent, List<RecordedRun> runs, Curve curve, Summary summary) {
    }

    /** Per grid point: how many seeds the point holds, their IQM and its interval (NaN where no seed counts). */
    public record Curve(long[] steps, int[] seeds, double[] iqm, double[] low, double[] high) {
    }

    /**
     * Statistics of the runs' scores at the environment's final step, and of their areas under the curve.
     *
     * @param auc                  the IQM over runs of each run's mean evaluation over the grid up to the final step
     * @param stepsToThreshold     the median over seeds of the first step reaching the threshold, seeds that never
     *                             reached it counting as never; NaN if most did not (or no threshold)
     * @param reachedThreshold     how many seeds reached the threshold by the final step
     */
    public record Summary(int runs, double[] finalScores, Bootstrap.Estimate iqm, Bootstrap.Estimate mean,
                          Bootstrap.Estimate median, Bootstrap.Estimate optimalityGap, Bootstrap.Estimate auc,
                          double stepsToThreshold, int reachedThreshold) {
    }

    /** P(a run of {@code x} scores above a run of {@code y}), on one environment or averaged over the shared ones ("all"). */
    public record Improvement(String x, String y, String env, Bootstrap.Estimate probability) {
    }

    /** The label of the improvement averaged over every environment both agents ran. */
    public static final String ALL_ENVS = "all";

    public static Comparison of(List<RecordedRun> runs, Map<String, Double> thresholds, Bootstrap bootstrap) {
        Map<String, Map<String, List<RecordedRun>>> byEnv = runs.stream().collect(Collectors.groupingBy(RecordedRun::env,
                TreeMap::new, Collectors.groupingBy(RecordedRun::agent, TreeMap::new, Collectors.toList())));
        List<EnvResult> envs = new ArrayList<>();
        byEnv.forEach((env, byAgent) -> {
            Alignment alignment = Alignment.of(env, byAgent.values().stream().flatMap(List::stream).toList());
            Double threshold = thresholds.get(env);
            List<AgentResult> agents = new ArrayList<>();
            byAgent.forEach((agent, agentRuns) -> {
                List<RecordedRun> sorted = agentRuns.stream().sorted(Comparator.comparingLong(RecordedRun::seed)).toList();
                agents.add(new AgentResult(agent, sorted, curve(sorted, alignment, bootstrap),
                        summary(sorted, alignment, threshold, bootstrap)));
            });
            envs.add(new EnvResult(env, alignment, threshold, agents));
        });
        return new Comparison(envs, improvements(envs, bootstrap), bootstrap);
    }

    private static Curve curve(List<RecordedRun> runs, Alignment alignment, Bootstrap bootstrap) {
        long[] grid = alignment.grid();
        int[] seeds = new int[grid.length];
        double[] iqm = new double[grid.length];
        double[] low = new double[grid.length];
        double[] high = new double[grid.length];
        for (int g = 0; g < grid.length; g++) {
            double[] values = valuesAt(runs, grid[g]);
            Bootstrap.Estimate e = bootstrap.estimate(values, Statistics::iqm);
            seeds[g] = values.length;
            iqm[g] = e.value();
            low[g] = e.low();
            high[g] = e.high();
        }
        return new Curve(grid, seeds, iqm, low, high);
    }

    private static double[] valuesAt(List<RecordedRun> runs, long step) {
        return runs.stream().mapToDouble(r -> r.valueAt(step)).filter(v -> !Double.isNaN(v)).toArray();
    }

    private static Summary summary(List<RecordedRun> runs, Alignment alignment, Double threshold, Bootstrap bootstrap) {
        long end = alignment.finalStep();
        double[] finals = valuesAt(runs, end);
        long[] upToEnd = Arrays.stream(alignment.grid()).filter(s -> s <= end).toArray();
        double[] aucs = runs.stream().mapToDouble(r -> Statistics.mean(
                Arrays.stream(upToEnd).mapToDouble(r::valueAt).filter(v -> !Double.isNaN(v)).toArray()))
                .filter(v -> !Double.isNaN(v)).toArray();
        Bootstrap.Estimate gap = threshold == null ? Bootstrap.Estimate.NONE
                : bootstrap.estimate(finals, v -> Statistics.optimalityGap(v, threshold));
        double stepsToThreshold = Double.NaN;
        int reached = 0;
        if (threshold != null) {
            double[] firsts = runs.stream().mapToLong(r -> r.firstStepReaching(threshold, end))
                    .mapToDouble(s -> s < 0 ? Double.POSITIVE_INFINITY : s).sorted().toArray();
            reached = (int) Arrays.stream(firsts).filter(Double::isFinite).count();
            double median = Statistics.quantile(firsts, 0.5);
            stepsToThreshold = Double.isFinite(median) ? median : Double.NaN;
        }
        return new Summary(runs.size(), finals, bootstrap.estimate(finals, Statistics::iqm),
                bootstrap.estimate(finals, Statistics::mean), bootstrap.estimate(finals, Statistics::median), gap,
                bootstrap.estimate(aucs, Statistics::iqm), stepsToThreshold, reached);
    }

    /**
     * For every pair of agents (in name order), per shared environment and averaged over them as
     * rliable does: the runs of each agent on each task are resampled within that task.
     */
    private static List<Improvement> improvements(List<EnvResult> envs, Bootstrap bootstrap) {
        List<String> agents = envs.stream().flatMap(e -> e.agents().stream()).map(AgentResult::agent).distinct().sorted().toList();
        List<Improvement> out = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
            for (int j = i + 1; j < agents.size(); j++) {
                String x = agents.get(i);
                String y = agents.get(j);
                Map<String, double[][]> shared = new LinkedHashMap<>();
                for (EnvResult env : envs) {
                    double[] xs = finalScores(env, x);
                    double[] ys = finalScores(env, y);
                    if (xs != null && ys != null) {
                        shared.put(env.env(), new double[][] {xs, ys});
                    }
                }
                shared.forEach((env, xy) -> out.add(new Improvement(x, y, env, bootstrap.estimate(xy, Comparison::averageImprovement))));
                if (shared.size() > 1) {
                    double[][] strata = shared.values().stream().flatMap(Stream::of).toArray(double[][]::new);
                    out.add(new Improvement(x, y, ALL_ENVS, bootstrap.estimate(strata, Comparison::averageImprovement)));
                }
            }
        }
        return out;
    }

    private static double[] finalScores(EnvResult env, String agent) {
        return env.agents().stream().filter(a -> a.agent().equals(agent)).findFirst()
                .map(a -> a.summary().finalScores()).filter(s -> s.length > 0).orElse(null);
    }

    /** Strata laid out as x of task 1, y of task 1, x of task 2, ...: the mean over tasks of P(X > Y). */
    private static double averageImprovement(double[][] strata) {
        double sum = 0;
        for (int t = 0; t < strata.length; t += 2) {
            sum += Statistics.probabilityOfImprovement(strata[t], strata[t + 1]);
        }
        return sum / (strata.length / 2);
    }
}
