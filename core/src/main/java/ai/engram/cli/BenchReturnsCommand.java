package ai.engram.cli;

import ai.engram.bench.BenchOutput;
import ai.engram.bench.ReturnsBench;
import ai.engram.bench.Training;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code engram bench returns}: the returns an agent's preset reaches, over seeds. */
@Command(name = "returns", mixinStandardHelpOptions = true,
        description = "Train an agent's preset on one environment for several seeds (side by side) and report returns.")
final class BenchReturnsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--agent", defaultValue = "dqn", description = "Agent (default ${DEFAULT-VALUE}).")
    String agent;

    @Option(names = "--env", defaultValue = "CartPole-v1", description = "Environment (default ${DEFAULT-VALUE}).")
    String env;

    @Option(names = "--seeds", defaultValue = "5", description = "Seeds 1..N (default ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--jobs", defaultValue = "2", description = "Runs at once (default ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--workers", defaultValue = "0",
            description = "Train each run through actors with this many workers; 0 (the default) runs the single-process loop.")
    int workers;

    @Option(names = "--envs-per-worker", defaultValue = "1", description = "Envs per worker (default ${DEFAULT-VALUE}).")
    int envsPerWorker;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting of the preset (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", defaultValue = "runs/bench", description = "Where the runs are written (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--at", split = ",", paramLabel = "STEPS",
            description = "Also report each seed's evaluation at these env steps (the last one at or before each), with"
                    + " mean and IQM: a sample-efficiency curve, e.g. --at 10000,20000,50000.")
    List<Long> at = new ArrayList<>();

    @Option(names = "--json", description = "One JSON object per measurement instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        if (seeds < 1 || jobs < 1 || workers < 0 || envsPerWorker < 1 || at.stream().anyMatch(step -> step < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--seeds, --jobs, --envs-per-worker and every --at must be positive, --workers at least 0");
        }
        List<Long> seedList = LongStream.rangeClosed(1, seeds).boxed().toList();
        List<Training.Result> results = ReturnsBench.run(agent, env, seedList, jobs, sets, out, workers, envsPerWorker);
        BenchOutput output = new BenchOutput(new java.io.PrintStream(System.out, true), json);
        ReturnsBench.measurements(agent, env, results).forEach(output::add);
        ReturnsBench.measurementsAt(agent, env, results, at).forEach(output::add);
        output.finish();
        return 0;
    }
}
