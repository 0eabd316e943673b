package ai.engram.cli;

import ai.engram.env.Env;
import ai.engram.env.Envs;
import ai.engram.env.classic.TrajectoryCheck;
import ai.engram.env.tasks.TaskFamilies;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code engram envs}: list, check and try environments. */
@Command(name = "envs", mixinStandardHelpOptions = true, description = "List, check and run environments.",
        subcommands = {EnvsCommand.ListEnvs.class, EnvsCommand.Check.class, EnvsCommand.RunRandom.class})
final class EnvsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: list, check or run");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print the built-in environment ids with their spaces.")
    static final class ListEnvs implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            int width = Envs.builtInIds().stream().mapToInt(String::length).max().orElse(0);
            for (String id : Envs.builtInIds()) {
                try (Env env = Envs.make(id)) {
                    out.printf(Locale.ROOT, "%-" + width + "s  observation %s  action %s%n", id,
                            env.observationSpace(), env.actionSpace());
                }
            }
            out.println("gym:<env-id>@<base-url> reaches an environment on a gym-http-api server.");
            out.println("Task families, for meta-learning (--agent maml):");
            for (String id : TaskFamilies.ids()) {
                out.printf(Locale.ROOT, "%-" + width + "s  %s%n", id, TaskFamilies.make(id, 1).description());
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Replay trajectories recorded from Gymnasium (JSON lines) through the built-in environments;"
                    + " exit 1 on any mismatch beyond float32 precision.")
    static final class Check implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "e.g. ../shared/data/gymnasium-classic-control-trajectories.jsonl")
        Path file;

        @Option(names = "--max-problems", defaultValue = "20", description = "How many problems to print (default ${DEFAULT-VALUE}).")
        int maxProblems;

        @Override
        public Integer call() {
            if (!Files.isReadable(file)) {
                throw new Main.CommandFailure("cannot read trajectory file " + file);
            }
            TrajectoryCheck.Report report;
            try {
                report = TrajectoryCheck.check(file);
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%-26s %12s %8s %14s %12s %14s %6s%n", "env", "trajectories", "steps",
                    "obs max ulps", "reward max", "state max rel", "flags");
            for (Map.Entry<String, TrajectoryCheck.Deviations> e : report.byEnv().entrySet()) {
                TrajectoryCheck.Deviations d = e.getValue();
                out.printf(Locale.ROOT, "%-26s %12d %8d %14.1f %12.2e %14.2e %6s%n", e.getKey(), d.trajectories(),
                        d.steps(), d.observationUlps(), d.reward(), d.stateRelative(),
                        d.flagMismatches() == 0 ? "ok" : d.flagMismatches() + " bad");
            }
            PrintWriter err = spec.commandLine().getErr();
            report.problems().stream().limit(maxProblems).forEach(err::println);
            if (report.problems().size() > maxProblems) {
                err.println("... and " + (report.problems().size() - maxProblems) + " more problems");
            }
            out.println(report.passed() ? "all trajectories match" : report.problems().size() + " problem(s)");
            out.flush();
            return report.passed() ? 0 : 1;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a uniformly random policy and print each episode's return and length.")
    static final class RunRandom implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "ENV_ID", description = "A built-in id (see envs list) or gym:<env-id>@<base-url>.")
        String envId;

        @Option(names = "--episodes", defaultValue = "5", description = "Episodes to run (default ${DEFAULT-VALUE}).")
        int episodes;

        @Option(names = "--seed", defaultValue = "0", description = "Seed of the first reset and of the policy (default ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public void run() {
            if (episodes < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--episodes must be at least 1, got " + episodes);
            }
            PrintWriter out = spec.commandLine().getOut();
            SplittableRandom policy = new SplittableRandom(seed);
            try (Env env = Envs.make(envId)) {
                double[] action = new double[env.actionSpace().flatSize()];
                double sum = 0;
                for (int episode = 0; episode < episodes; episode++) {
                    if (episode == 0) {
                        env.reset(seed);
                    } else {
                        env.reset(new float[env.observationSize()], 0);
                    }
                    double episodeReturn = 0;
                    int length = 0;
                    Env.Step step;
                    do {
                        env.actionSpace().sample(policy, action, 0);
                        step = env.step(action);
                        episodeReturn += step.reward();
                        length++;
                    } while (!step.done());
                    sum += episodeReturn;
                    out.printf(Locale.ROOT, "episode %d  return %.2f  length %d  %s%n", episode, episodeReturn, length,
                            step.terminated() ? "terminated" : "truncated");
                    out.flush();
                }
                out.printf(Locale.ROOT, "mean return over %d episodes: %.2f%n", episodes, sum / episodes);
            }
        }
    }
}
