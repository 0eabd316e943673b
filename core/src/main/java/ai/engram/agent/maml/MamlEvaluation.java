package ai.engram.agent.maml;

import ai.engram.config.Presets;
import ai.engram.config.Settings;
import com.typesafe.config.Config;
import ai.engram.env.tasks.Navigation2D;
import ai.engram.env.tasks.TaskFamilies;
import ai.engram.record.Checkpoints;
import ai.engram.record.CsvLog;
import ai.engram.record.LearningCurve;
import com.typesafe.config.ConfigFactory;
import java.awt.Color;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The paper's adaptation table for a meta-trained run: mean return over the fixed test tasks after
 * 0, 1, ... {@code eval-steps} adaptation steps (each: {@code eval-episodes} episodes with the
 * current parameters, then one inner step), for MAML's theta, a policy pretrained on
 * all tasks jointly, and the random initialization both started from.
 *
 * <p>The pretrained policy is trained here, not during meta-training, so that a run can be compared
 * at any checkpoint: the same TRPO outer step with no adaptation, on the same meta-batches, for as
 * many iterations as the run made (or {@code pretrain-iterations}); it is kept in
 * {@code RUN_DIR/pretrained/} and reused while its iteration count still fits.
 */
public final class MamlEvaluation {

    /**
     * Mean returns after 0..k adaptation steps of one policy, with their standard errors over the
     * test tasks (NaN where unknown: the paper's rows).
     */
    public record Curve(String policy, double[] returns, double[] standardErrors) {

        /** The curve of per-task returns {@code [k][task]}. */
        public static Curve of(String policy, double[][] perTask) {
            double[] mean = new double[perTask.length];
            double[] standardError = new double[perTask.length];
            for (int k = 0; k < perTask.length; k++) {
                int n = perTask[k].length;
                mean[k] = Arrays.stream(perTask[k]).sum() / n;
                double m = mean[k];
                double variance = n < 2 ? Double.NaN : Arrays.stream(perTask[k]).map(r -> (r - m) * (r - m)).sum() / (n - 1);
                standardError[k] = Math.sqrt(variance / n);
            }
            return new Curve(policy, mean, standardError);
        }

        static Curve published(String policy, double... returns) {
            double[] unknown = new double[returns.length];
            Arrays.fill(unknown, Double.NaN);
            return new Curve(policy, returns, unknown);
        }
    }

    /** What the pretrained comparison has been trained to. */
    record Pretrained(double[] theta, int iterations) {
    }

    /** Finn et al. (2017), figure 5 (2D navigation): returns after 0..3 steps. */
    static final List<Curve> PAPER = List.of(Curve.published("paper: MAML", -40.4, -11.7, -3.3, -3.2),
            Curve.published("paper: pretrained", -40.8, -19.7, -11.7, -8.5),
            Curve.published("paper: random", -82.7, -58.0, -53.8, -46.8));

    /** The settings that say how a run is evaluated, not how it was trained: {@code maml-eval --set} may change these alone. */
    public static final List<String> EVALUATION_KEYS = List.of("test-tasks", "eval-steps", "eval-episodes", "eval-later-step-scale",
            "pretrain-iterations");

    private MamlEvaluation() {
    }

    /**
     * Evaluates the run in {@code runDir} (episodes collected by the sampler {@code samplers} opens),
     * prints the table, writes maml-eval.csv and maml-eval.png there. The run's own config.conf says
     * how it was trained; an evaluation key it lacks (a run older than the key) takes the preset's
     * default, and {@code overrides} ({@code key=value}) may change the evaluation keys alone.
     *
     * @throws IllegalArgumentException when {@code runDir} is not a MAML run, or an override names a training key
     */
    public static List<Curve> run(Path runDir, List<String> overrides, Function<EpisodeCollector, TrajectorySampler> samplers,
                                  PrintWriter out) {
        Path conf = runDir.resolve("config.conf");
        if (!Files.isRegularFile(conf) || !Checkpoints.exists(runDir.resolve("checkpoint"))) {
            throw new IllegalArgumentException(runDir + " is not a MAML run with a checkpoint (expected config.conf and"
                    + " checkpoint/ from engram train --agent maml)");
        }
        for (String override : overrides) {
            String key = Presets.overrideKey(override);
            if (!EVALUATION_KEYS.contains(key)) {
                throw new Settings.InvalidSettingException("maml-eval --set " + override + ": only the evaluation settings "
                        + EVALUATION_KEYS + " can change after training; '" + key + "' is how the run was trained"
                        + " (train another run with --set " + override + ")");
            }
        }
        Config trained = ConfigFactory.parseFile(conf.toFile());
        Config evaluationDefaults = ConfigFactory.empty();
        if (trained.hasPath("env")) {
            Config preset = Presets.resolve(MamlTrainer.NAME, trained.getString("env"), List.of());
            for (String key : EVALUATION_KEYS) {
                evaluationDefaults = evaluationDefaults.withFallback(preset.withOnlyPath(key));
            }
        }
        Settings settings = new Settings(Presets.overlay(trained.withFallback(evaluationDefaults), overrides));
        if (!MamlTrainer.NAME.equals(settings.config().getString("agent"))
                || !(Checkpoints.read(runDir.resolve("checkpoint")) instanceof MamlTrainer.Checkpoint checkpoint)) {
            throw new IllegalArgumentException(runDir + " is a run of " + settings.config().getString("agent")
                    + ", not of maml: maml-eval evaluates meta-trained policies");
        }
        settings.choice("agent", MamlTrainer.NAME);
        String envId = settings.choice("env", TaskFamilies.ids().toArray(String[]::new));
        long seed = settings.longInteger("seed", 0);
        MamlConfig config = MamlConfig.from(settings);
        settings.rejectUnread();
        int pretrainIterations = config.pretrainIterations() > 0 ? config.pretrainIterations() : checkpoint.iteration();
        List<Curve> curves;
        try (Maml maml = Maml.forFamily(config, envId, seed, samplers)) {
            double[] init = maml.initialTheta(0);
            double[] pretrained = pretrained(maml, init, pretrainIterations, runDir.resolve("pretrained"), out);
            curves = List.of(
                    Curve.of("MAML (" + checkpoint.iteration() + " meta-iterations)",
                            maml.adaptationReturns(checkpoint.theta(), config.testTasks(), config.evalSteps())),
                    Curve.of("pretrained (" + pretrainIterations + " iterations)",
                            maml.adaptationReturns(pretrained, config.testTasks(), config.evalSteps())),
                    Curve.of("random initialization", maml.adaptationReturns(init, config.testTasks(), config.evalSteps())));
        }
        List<Curve> table = new ArrayList<>(curves);
        if (envId.equals(Navigation2D.ID) && config.evalSteps() == 3) {
            table.addAll(PAPER);
        }
        out.printf(Locale.ROOT, "%s: mean return on %d test tasks after k adaptation steps (%d episodes per step, step size %s then %s)%n",
                envId, config.testTasks(), config.evalEpisodes(), config.alpha(), config.alpha() * config.evalLaterStepScale());
        out.print(String.format(Locale.ROOT, "%-34s", "policy"));
        IntStream.rangeClosed(0, config.evalSteps()).forEach(k -> out.printf(Locale.ROOT, "%15s", "k=" + k));
        out.println();
        for (Curve c : table) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-34s", c.policy()));
            for (int k = 0; k < c.returns().length; k++) {
                row.append(Double.isNaN(c.standardErrors()[k])
                        ? String.format(Locale.ROOT, "%9.1f      ", c.returns()[k])
                        : String.format(Locale.ROOT, "%9.1f ±%4.1f", c.returns()[k], c.standardErrors()[k]));
            }
            out.println(row.toString().stripTrailing());
        }
        out.println("(± one standard error over the test tasks)");
        write(runDir, curves, envId);
        out.println("wrote " + runDir.resolve("maml-eval.csv") + " and " + runDir.resolve("maml-eval.png"));
        out.flush();
        return curves;
    }

    private static double[] pretrained(Maml maml, double[] init, int iterations, Path directory, PrintWriter out) {
        double[] theta = init;
        int done = 0;
        if (Checkpoints.exists(directory) && Checkpoints.read(directory) instanceof Pretrained p && p.iterations() <= iterations) {
            theta = p.theta();
            done = p.iterations();
        }
        if (done < iterations) {
            out.printf(Locale.ROOT, "pretraining on all tasks jointly: %d TRPO iterations (kept in %s)%n", iterations - done, directory);
            out.flush();
        }
        for (; done < iterations; done++) {
            theta = maml.jointStep(theta, done).theta();
            if ((done + 1) % 10 == 0 || done + 1 == iterations) {
                Checkpoints.write(directory, new Pretrained(theta, done + 1));
            }
        }
        return theta;
    }

    private static void write(Path runDir, List<Curve> curves, String envId) {
        try (CsvLog csv = new CsvLog(runDir.resolve("maml-eval.csv"), List.of("policy", "adaptation_steps", "mean_return", "standard_error"), 0)) {
            for (Curve c : curves) {
                for (int k = 0; k < c.returns().length; k++) {
                    csv.row(c.policy(), k, c.returns()[k], c.standardErrors()[k]);
                }
            }
        }
        Color[] colors = {new Color(200, 60, 40), new Color(60, 110, 200), new Color(120, 120, 120)};
        List<LearningCurve.Series> series = new ArrayList<>();
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            series.add(new LearningCurve.Series(c.policy(), IntStream.range(0, c.returns().length).asDoubleStream().toArray(),
                    c.returns(), true, colors[i], Arrays.stream(c.standardErrors()).anyMatch(Double::isNaN) ? null : c.standardErrors()));
        }
        LearningCurve.plot(runDir.resolve("maml-eval.png"), envId + ": adaptation on the test tasks",
                "adaptation steps", "mean return", series);
    }
}
