package ai.engram.cli;

import ai.engram.compare.Sweep;
import ai.engram.config.Presets;
import ai.engram.env.Envs;
import com.typesafe.config.Config;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code engram sweep}: every agent on every environment for several seeds, each run its own process. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Train every agent on every environment for seeds 0..N-1, each run an `engram train` process in"
                + " OUT/<agent>-<env>-s<seed> (its output in train.log there). Skips complete runs, resumes cut ones."
                + " Ctrl-C stops the runs (they checkpoint); run the same sweep again to continue.")
final class SweepCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--agents", required = true, split = ",", paramLabel = "AGENT", description = "Agents: ${COMPLETION-CANDIDATES}.",
            completionCandidates = TrainCommand.AgentNames.class)
    List<String> agents;

    @Option(names = "--envs", required = true, split = ",", paramLabel = "ENV", description = "Environment ids (see envs list).")
    List<String> envs;

    @Option(names = "--seeds", defaultValue = "5", description = "Seeds 0..N-1 (default ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--steps", description = "Env steps per run (default: each preset's total-steps).")
    Long steps;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting in every run (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", defaultValue = "runs", description = "Where the run directories go (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--jobs", description = "Runs at once (default: the number of cores).")
    Integer jobs;

    @Option(names = "--status-every", defaultValue = "30", paramLabel = "SECONDS",
            description = "Print the overall progress this often (default ${DEFAULT-VALUE}).")
    int statusEvery;

    @Override
    public Integer call() {
        int parallel = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        if (seeds < 1 || parallel < 1 || statusEvery < 1 || (steps != null && steps < 1)) {
            throw usage("--seeds, --jobs, --steps and --status-every must be positive");
        }
        for (String agent : agents) {
            if (!TrainCommand.AgentNames.ALL.contains(agent)) {
                throw usage("unknown agent '" + agent + "': engram train knows " + String.join(", ", TrainCommand.AgentNames.ALL));
            }
        }
        for (String env : envs) {
            if (!Envs.isBuiltIn(env) && !env.startsWith(Envs.GYM_PREFIX)) {
                throw usage("unknown environment '" + env + "': the built-ins are " + String.join(", ", Envs.builtInIds())
                        + ", or give gym:<env-id>@<base-url>");
            }
        }
        if (steps != null && sets.stream().anyMatch(s -> s.trim().startsWith("total-steps"))) {
            throw usage("give the number of env steps once: --steps or --set total-steps=N, not both");
        }
        List<Sweep.Plan> plans = new ArrayList<>();
        for (String agent : agents) {
            for (String env : envs) {
                Config preset = Presets.resolve(agent, env, sets);
                long total = steps != null ? steps : preset.getLong("total-steps");
                for (long seed = 0; seed < seeds; seed++) {
                    Map<String, Object> settings = new LinkedHashMap<>();
                    settings.put("agent", agent);
                    settings.put("env", env);
                    settings.put("seed", seed);
                    settings.put("total-steps", total);
                    for (String set : sets) {
                        String key = set.substring(0, set.indexOf('=')).trim();
                        settings.put(key, preset.getValue(key).unwrapped());
                    }
                    Path dir = out.resolve(agent + "-" + TrainCommand.safe(env) + "-s" + seed);
                    plans.add(Sweep.plan(new Sweep.Job(agent, env, seed, total, dir, settings)));
                }
            }
        }
        PrintWriter printer = spec.commandLine().getOut();
        Sweep sweep = new Sweep(engramCommand(), parallel, printer, Duration.ofSeconds(statusEvery));
        Thread onSignal = new Thread(sweep::stop, "engram-sweep-stop");
        Runtime.getRuntime().addShutdownHook(onSignal);
        Sweep.Outcome outcome;
        try {
            outcome = sweep.run(plans, sets);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // exiting on a signal: the hook is stopping the runs
            }
        }
        printer.printf("sweep: %d runs trained, %d already complete, %d failed%s%n", outcome.finished(), outcome.skipped(),
                outcome.failures().size(), outcome.stopped() ? "; stopped (run the same command again to resume)" : "");
        outcome.failures().forEach(f -> printer.println("  failed: " + f));
        printer.println("compare them: engram compare " + out + " --out " + out.resolve("compare"));
        printer.flush();
        return outcome.failures().isEmpty() && !outcome.stopped() ? 0 : 1;
    }

    /** This JVM's own java, JVM options and class path, running engram's main class: children run this build. */
    private static List<String> engramCommand() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        return command;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
