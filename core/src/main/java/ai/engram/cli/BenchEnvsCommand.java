package ai.engram.cli;

import ai.engram.bench.BenchOutput;
import ai.engram.bench.EnvThroughput;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code engram bench envs}: environment steps per second on one thread. */
@Command(name = "envs", mixinStandardHelpOptions = true,
        description = "Steps per second of a built-in environment on one thread: a single env and VectorEnvs.")
final class BenchEnvsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--env", defaultValue = "CartPole-v1", description = "Built-in environment id (default ${DEFAULT-VALUE}).")
    String envId;

    @Option(names = "--num-envs", split = ",", defaultValue = "1,64",
            description = "Sizes to measure; 1 is a single env stepped directly, more a VectorEnv (default ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--seconds", defaultValue = "2", description = "Measured time per repeat (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--repeats", defaultValue = "3", description = "Repeats per size; the median is reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--json", description = "One JSON object per measurement instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        if (seconds <= 0 || repeats < 1 || sizes.stream().anyMatch(n -> n < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--seconds must be positive, --repeats and every --num-envs at least 1");
        }
        BenchOutput output = new BenchOutput(new java.io.PrintStream(System.out, true), json);
        for (int n : sizes) {
            output.add(EnvThroughput.measure(envId, n, seconds, repeats));
        }
        output.finish();
        return 0;
    }
}
