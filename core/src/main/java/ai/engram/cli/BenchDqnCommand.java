package ai.engram.cli;

import ai.engram.bench.BenchOutput;
import ai.engram.bench.DqnBench;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code engram bench dqn}: DQN's training throughput and latencies. */
@Command(name = "dqn", mixinStandardHelpOptions = true,
        description = "DQN with CleanRL's CartPole settings (MLP 120-84, batch 128, train every 10 steps, target every"
                + " 500, buffer 10k): env steps per second over a whole run, acting and update latency, RL4J's DQN.")
final class BenchDqnCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--steps", defaultValue = "500000", description = "Env steps of the whole run (default ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--batches", split = ",", defaultValue = "32,128,512",
            description = "Batch sizes for the update latency (default ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(names = "--rl4j-steps", defaultValue = "3000",
            description = "Env steps of RL4J's DQN for comparison; 0 skips it (default ${DEFAULT-VALUE}).")
    long rl4jSteps;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the run (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "One JSON object per measurement instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        if (steps < 1 || rl4jSteps < 0 || batches.stream().anyMatch(b -> b < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--steps and every --batches must be positive");
        }
        BenchOutput output = new BenchOutput(new java.io.PrintStream(System.out, true), json);
        DqnBench.actingLatency().forEach(output::add);
        batches.forEach(b -> output.add(DqnBench.updateLatency(b)));
        output.add(DqnBench.wholeRun(steps, seed));
        if (rl4jSteps > 0) {
            output.add(DqnBench.rl4j(rl4jSteps, seed));
        }
        output.finish();
        return 0;
    }
}
