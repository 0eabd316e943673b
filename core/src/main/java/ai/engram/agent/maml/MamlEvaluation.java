package ai.engram.agent.maml;

import ai.engram.config.Settings;
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
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The paper's adaptation table for a meta-trained run: mean return over the fixed test tasks after
 * 0, 1, ... {@code eval-steps} adaptation steps (each: {@code episodes-per-task} episodes with the
 * current parameters, then one inner step of size alpha), for MAML's theta, a policy pretrained on
 * all tasks jointly, and the random initialization both started from.
 *
 * <p>The pretrained policy is trained here, not during meta-training, so that a run can be compared
 * at any checkpoint: the same TRPO outer step with no adaptation, on the same meta-batches, for as
 * many iterations as the run made (or {@code pretrain-iterations}); it is kept in
 * {@code RUN_DIR/pretrained/} and reused while its iteration count still fits.
 */
public final class MamlEvaluation {

    /** Mean returns after 0..k adaptation steps of one policy. */
    public record Curve(String policy, double[] returns) {
    }

    /** What the pretrained comparison has been trained to. */
    record Pretrained(double[] theta, int iterations) {
    }

    /** Finn et al. (2017), figure 5 (2D navigation): returns after 0..3 steps. */
    static final List<Curve> PAPER = List.of(new Curve("paper: MAML", new double[] {-40.4, -11.7, -3.3, -3.2}),
            new Curve("paper: pretrained", new double[] {-40.8, -19.7, -11.7, -8.5}),
            new Curve("paper: random", new double[] {-82.7, -58.0, -53.8, -46.8}));

    private MamlEvaluation() {
    }

    /** Evaluates the run in {@code runDir} (episodes collected by the sampler {@code samplers} opens), prints the table, writes maml-eval.csv and maml-eval.png there. */
    public static List<Curve> run(Path runDir, Function<EpisodeCollector, TrajectorySampler> samplers, PrintWriter out) {
        Path conf = runDir.resolve("config.conf");
        if (!Files.isRegularFile(conf) || !Checkpoints.exists(runDir.resolve("checkpoint"))) {
            throw new IllegalArgumentException(runDir + " is not a MAML run with a checkpoint (expected config.conf and"
                    + " checkpoint/ from engram train --agent maml)");
        }
        Settings settings = new Settings(ConfigFactory.parseFile(conf.toFile()));
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
                    new Curve("MAML (" + checkpoint.iteration() + " meta-iterations)",
                            maml.adaptationCurve(checkpoint.theta(), config.testTasks(), config.evalSteps())),
                    new Curve("pretrained (" + pretrainIterations + " iterations)",
                            maml.adaptationCurve(pretrained, config.testTasks(), config.evalSteps())),
                    new Curve("random initialization", maml.adaptationCurve(init, config.testTasks(), config.evalSteps())));
        }
        List<Curve> table = new ArrayList<>(curves);
        if (envId.equals(Navigation2D.ID) && config.evalSteps() == 3) {
            table.addAll(PAPER);
        }
        out.printf(Locale.ROOT, "%s: mean return on %d test tasks after k adaptation steps (%d episodes per step, step size %s)%n",
                envId, config.testTasks(), config.episodesPerTask(), config.alpha());
        out.print(String.format(Locale.ROOT, "%-34s", "policy"));
        IntStream.rangeClosed(0, config.evalSteps()).forEach(k -> out.printf(Locale.ROOT, "%9s", "k=" + k));
        out.println();
        for (Curve c : table) {
            out.print(String.format(Locale.ROOT, "%-34s", c.policy()));
            for (double r : c.returns()) {
                out.printf(Locale.ROOT, "%9.1f", r);
            }
            out.println();
        }
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
        try (CsvLog csv = new CsvLog(runDir.resolve("maml-eval.csv"), List.of("policy", "adaptation_steps", "mean_return"), 0)) {
            for (Curve c : curves) {
                for (int k = 0; k < c.returns().length; k++) {
                    csv.row(c.policy(), k, c.returns()[k]);
                }
            }
        }
        Color[] colors = {new Color(200, 60, 40), new Color(60, 110, 200), new Color(120, 120, 120)};
        List<LearningCurve.Series> series = new ArrayList<>();
        for (int i = 0; i < curves.size(); i++) {
            double[] returns = curves.get(i).returns();
            series.add(new LearningCurve.Series(curves.get(i).policy(),
                    IntStream.range(0, returns.length).asDoubleStream().toArray(), returns, true, colors[i]));
        }
        LearningCurve.plot(runDir.resolve("maml-eval.png"), envId + ": adaptation on the test tasks",
                "adaptation steps", "mean return", series);
    }
}
