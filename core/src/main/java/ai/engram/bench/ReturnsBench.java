package ai.engram.bench;

import ai.engram.compare.Bootstrap;
import ai.engram.compare.Statistics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Returns an agent's preset reaches on an environment at its fixed budget, over several seeds run
 * side by side: per seed the final and best greedy evaluation, then the mean and the interquartile
 * mean of the final evaluations.
 */
public final class ReturnsBench {

    private ReturnsBench() {
    }

    /** Trains one run per seed, {@code jobs} at a time, each in {@code root/<agent>-<env>-s<seed>}. */
    public static List<Training.Result> run(String agent, String envId, List<Long> seeds, int jobs, List<String> overrides,
                                            Path root) {
        return run(agent, envId, seeds, jobs, overrides, root, 0, 1);
    }

    /** As {@link #run(String, String, List, int, List, Path)}; with {@code workers > 0} each run trains through actors. */
    public static List<Training.Result> run(String agent, String envId, List<Long> seeds, int jobs, List<String> overrides,
                                            Path root, int workers, int envsPerWorker) {
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        try {
            List<Future<Training.Result>> futures = new ArrayList<>();
            for (long seed : seeds) {
                Path dir = root.resolve(agent + "-" + envId + (workers > 0 ? "-actors" + workers + "x" + envsPerWorker : "")
                        + "-s" + seed);
                futures.add(pool.submit(() -> workers > 0
                        ? Training.runWithActors(agent, envId, seed, overrides, dir, workers, envsPerWorker)
                        : Training.run(agent, envId, seed, overrides, dir)));
            }
            List<Training.Result> results = new ArrayList<>();
            for (Future<Training.Result> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Per-seed measurements, then the mean and IQM of the final evaluations. */
    public static List<Measurement> measurements(String agent, String envId, List<Training.Result> results) {
        List<Measurement> out = new ArrayList<>();
        for (Training.Result r : results) {
            Map<String, Object> p = parameters(agent, envId, results);
            p.put("seed", r.seed());
            p.put("best_eval_return", r.bestEval());
            p.put("seconds", Math.round(r.seconds()));
            out.add(new Measurement("returns", p, "final_eval_return", r.finalEval()));
        }
        double[] finals = results.stream().mapToDouble(Training.Result::finalEval).toArray();
        out.addAll(summary(parameters(agent, envId, results), "final_eval_return", finals));
        return out;
    }

    /**
     * The evaluation each seed had reached at each of {@code steps} (its last evaluation at or before
     * it), with their mean and IQM: the points of a sample-efficiency curve.
     */
    public static List<Measurement> measurementsAt(String agent, String envId, List<Training.Result> results,
                                                   List<Long> steps) {
        List<Measurement> out = new ArrayList<>();
        for (long step : steps) {
            double[] returns = results.stream().mapToDouble(r -> r.evalAt(step)).toArray();
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("agent", agent);
            p.put("env", envId);
            p.put("env_steps", step);
            p.put("per_seed", Arrays.stream(returns).mapToObj(v -> String.format(java.util.Locale.ROOT, "%.1f", v))
                    .collect(java.util.stream.Collectors.joining(" ")));
            out.addAll(summary(p, "eval_return", returns));
        }
        return out;
    }

    /** The mean and the IQM with its 95% bootstrap interval of {@code values} over seeds. */
    private static List<Measurement> summary(Map<String, Object> parameters, String figure, double[] values) {
        Map<String, Object> p = new LinkedHashMap<>(parameters);
        p.put("seed", "mean of " + values.length);
        Measurement mean = new Measurement("returns", p, figure, Statistics.mean(values));
        p = new LinkedHashMap<>(parameters);
        p.put("seed", "IQM of " + values.length);
        Bootstrap.Estimate iqm = new Bootstrap(2000, 0.95, 0).estimate(values, Statistics::iqm);
        p.put("iqm_ci95", String.format(java.util.Locale.ROOT, "[%.1f, %.1f]", iqm.low(), iqm.high()));
        return List.of(mean, new Measurement("returns", p, figure, iqm.value()));
    }

    private static Map<String, Object> parameters(String agent, String envId, List<Training.Result> results) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("agent", agent);
        p.put("env", envId);
        p.put("env_steps", results.get(0).evalSteps().get(results.get(0).evalSteps().size() - 1));
        return p;
    }
}
