package ai.engram.cli;

import ai.engram.auxiliary.Auxiliaries;
import ai.engram.bench.AuxiliaryBench;
import ai.engram.bench.BenchOutput;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code engram bench aux}: what the paper modules cost. */
@Command(name = "aux", mixinStandardHelpOptions = true,
        description = "Time per explained input of DeepLIFT and TCAV on the digits MLP, and the env steps per second of a"
                + " DQN CartPole run with and without auxiliary learners attached.")
final class BenchAuxCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--repeats", defaultValue = "3", description = "Repeats; medians are reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--steps", defaultValue = "20000", description = "Env steps of each DQN run (default ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--aux", split = ",", defaultValue = "deeplift,tcav", description = "Modules attached (default ${DEFAULT-VALUE}).")
    List<String> aux;

    @Option(names = "--aux-every", defaultValue = "2000", description = "Env steps between their rounds (default ${DEFAULT-VALUE}).")
    long every;

    @Option(names = "--json", description = "One JSON object per measurement instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        if (repeats < 1 || steps < 1 || every < 1 || !Auxiliaries.names().containsAll(aux)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeats, --steps and --aux-every must be positive,"
                    + " --aux among " + String.join(", ", Auxiliaries.names()));
        }
        BenchOutput output = new BenchOutput(new java.io.PrintStream(System.out, true), json);
        AuxiliaryBench.explainers(repeats).forEach(output::add);
        AuxiliaryBench.overhead(steps, aux, every, repeats).forEach(output::add);
        output.finish();
        return 0;
    }
}
