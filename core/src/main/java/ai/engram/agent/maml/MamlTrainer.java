package ai.engram.agent.maml;

import ai.engram.record.Checkpoints;
import ai.engram.record.CsvLog;
import ai.engram.record.LearningCurve;
import ai.engram.train.TrainingLoop;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Meta-training in a run directory: one row of metrics.csv per meta-iteration (mean returns before
 * and after adaptation over the meta-batch), theta checkpointed every {@code checkpoint-every}
 * meta-iterations and when stopped, and the learning curve. Every meta-iteration draws its tasks
 * and episodes from seeds of (run seed, iteration), so a resumed run continues exactly.
 */
public final class MamlTrainer {

    public static final String NAME = "maml";
    static final List<String> COLUMNS = List.of("meta_iteration", "env_step", "wall_s", "pre_update_return",
            "post_update_return", "kl", "backtracks", "action_std");

    /** Where a run stands: theta after {@code iteration} meta-iterations. */
    public record Checkpoint(String agent, double[] theta, int iteration, long envSteps, double wallSeconds, long metricsBytes) {
    }

    private final MamlConfig config;
    private final String envId;
    private final long seed;
    private final Function<EpisodeCollector, TrajectorySampler> samplers;
    private volatile boolean stopRequested;
    private int stopAt = Integer.MAX_VALUE;

    /** Meta-training with episodes collected by the sampler {@code samplers} opens (see {@link Maml#forFamily}). */
    public MamlTrainer(MamlConfig config, String envId, long seed, Function<EpisodeCollector, TrajectorySampler> samplers) {
        this.config = config;
        this.envId = envId;
        this.seed = seed;
        this.samplers = samplers;
    }

    public void requestStop() {
        stopRequested = true;
    }

    /** Checkpoint and stop after this many meta-iterations (a resumed run continues to {@code meta-iterations}). */
    public void stopAt(int metaIterations) {
        stopAt = metaIterations;
    }

    /** Meta-trains into {@code directory} from {@code from} (or from the seed's initialization), printing a line per meta-iteration. */
    public TrainingLoop.Outcome run(Path directory, Optional<Checkpoint> from, PrintWriter out) {
        try (Maml maml = Maml.forFamily(config, envId, seed, samplers);
             CsvLog metrics = new CsvLog(directory.resolve("metrics.csv"), COLUMNS, from.map(Checkpoint::metricsBytes).orElse(0L))) {
            double[] theta = from.map(Checkpoint::theta).orElseGet(() -> maml.initialTheta(0));
            int iteration = from.map(Checkpoint::iteration).orElse(0);
            long envSteps = from.map(Checkpoint::envSteps).orElse(0L);
            double wallBefore = from.map(Checkpoint::wallSeconds).orElse(0.0);
            long start = System.nanoTime();
            double lastPost = Double.NaN;
            double wall = wallBefore;
            while (iteration < Math.min(config.metaIterations(), stopAt) && !stopRequested && !overBudget(wall)) {
                long iterationStart = System.nanoTime();
                Maml.Iteration result = maml.metaStep(theta, iteration);
                theta = result.theta();
                iteration++;
                envSteps += result.envSteps();
                lastPost = result.postUpdateReturn();
                wall = wallBefore + (System.nanoTime() - start) / 1e9;
                double std = Math.exp(theta[maml.policy().logStdOffset()]);
                metrics.row(iteration, envSteps, wall, result.preUpdateReturn(), lastPost, result.kl(), result.backtracks(), std);
                metrics.flush();
                out.printf(Locale.ROOT, "meta-iteration %d/%d  pre-update %.1f  post-update %.1f  kl %.4f%s  %.1f s%n",
                        iteration, config.metaIterations(), result.preUpdateReturn(), lastPost, result.kl(),
                        result.accepted() ? "" : " (step rejected)", (System.nanoTime() - iterationStart) / 1e9);
                out.flush();
                if (iteration % config.checkpointEvery() == 0 || iteration == Math.min(config.metaIterations(), stopAt)
                        || stopRequested || overBudget(wall)) {
                    Checkpoints.write(directory.resolve("checkpoint"),
                            new Checkpoint(NAME, theta, iteration, envSteps, wall, metrics.bytes()));
                    drawCurve(directory);
                }
            }
            return new TrainingLoop.Outcome(envSteps, (long) iteration * config.metaBatch() * config.episodesPerTask()
                    * (config.innerSteps() + 1), iteration == config.metaIterations(), lastPost);
        }
    }

    private boolean overBudget(double wallSeconds) {
        return config.maxWallMinutes() > 0 && wallSeconds >= 60 * config.maxWallMinutes();
    }

    /** Pre- and post-update returns against meta-iterations. */
    static void drawCurve(Path directory) {
        List<double[]> rows = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(directory.resolve("metrics.csv"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory.resolve("metrics.csv") + ": " + e.getMessage(), e);
        }
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            rows.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[3]), Double.parseDouble(f[4])});
        }
        double[] x = rows.stream().mapToDouble(r -> r[0]).toArray();
        LearningCurve.plot(directory.resolve("learning-curve.png"), "MAML meta-training (" + directory.getFileName() + ")",
                "meta-iteration", "mean return over the meta-batch", List.of(
                        new LearningCurve.Series("before adaptation", x, rows.stream().mapToDouble(r -> r[1]).toArray(), false,
                                new Color(150, 170, 210)),
                        new LearningCurve.Series("after adaptation", x, rows.stream().mapToDouble(r -> r[2]).toArray(), false,
                                new Color(200, 60, 40))));
    }
}
