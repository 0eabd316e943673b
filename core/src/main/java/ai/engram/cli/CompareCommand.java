package ai.engram.cli;

import ai.engram.compare.Bootstrap;
import ai.engram.compare.Comparison;
import ai.engram.compare.RecordedRun;
import ai.engram.compare.Report;
import ai.engram.compare.RunLoader;
import ai.engram.env.Envs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code engram compare}: curves with confidence intervals, final-score statistics and a report, from run directories. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare runs grouped by agent and environment: learning curves (IQM over seeds, bootstrap interval),"
                + " final IQM, mean, median, optimality gap, steps to a threshold, AUC, probability of improvement."
                + " Writes report.html (self-contained), PNG and SVG figures and tidy CSV files into --out.")
final class CompareCommand implements Callable<Integer> {

    /** Gymnasium's reward_threshold of each built-in that has one: "solved". */
    static final Map<String, Double> GYMNASIUM_THRESHOLDS = Map.of("CartPole-v1", 475.0, "Acrobot-v1", -100.0,
            "MountainCar-v0", -110.0, "MountainCarContinuous-v0", 90.0);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIRS_OR_GLOBS",
            description = "Run directories, folders of runs (e.g. a sweep's --out), or globs such as 'runs/dqn-*'.")
    List<String> runs = new ArrayList<>();

    @Option(names = "--out", defaultValue = "runs/compare", description = "Where the report goes (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--threshold", paramLabel = "ENV=RETURN", description = "The return that counts as solving ENV"
            + " (repeatable; defaults to Gymnasium's reward_threshold: CartPole-v1 475, Acrobot-v1 -100, MountainCar-v0"
            + " -110, MountainCarContinuous-v0 90).")
    Map<String, Double> thresholds = new LinkedHashMap<>();

    @Option(names = "--resamples", defaultValue = "2000", description = "Bootstrap resamples (default ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--level", defaultValue = "0.95", description = "Confidence level of the intervals (default ${DEFAULT-VALUE}).")
    double level;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the bootstrap (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        if (resamples < 100 || !(level > 0 && level < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--resamples must be at least 100 and --level in (0, 1)");
        }
        if (Files.exists(out.resolve("metrics.csv")) || Files.exists(out.resolve("config.conf"))) {
            throw new CommandLine.ParameterException(spec.commandLine(), out + " is a run directory: give the report its own --out");
        }
        RunLoader.Loaded loaded = RunLoader.load(runs);
        if (loaded.runs().isEmpty()) {
            throw new Main.CommandFailure("no runs to compare: " + String.join("; ", loaded.problems()));
        }
        Map<String, Double> byEnv = new HashMap<>();
        for (RecordedRun run : loaded.runs()) {
            String id = run.env().startsWith(Envs.GYM_PREFIX) ? Envs.GymId.parse(run.env()).envId() : run.env();
            Double threshold = thresholds.containsKey(run.env()) ? thresholds.get(run.env()) : GYMNASIUM_THRESHOLDS.get(id);
            if (threshold != null) {
                byEnv.put(run.env(), threshold);
            }
        }
        Comparison comparison = Comparison.of(loaded.runs(), byEnv, new Bootstrap(resamples, level, seed));
        new Report(comparison, loaded.problems()).write(out, spec.commandLine().getOut());
        return 0;
    }
}
