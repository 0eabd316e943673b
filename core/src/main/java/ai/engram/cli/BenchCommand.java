package ai.engram.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code engram bench}: the benchmarks behind docs/benchmarks.md, one subcommand each. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark; prints a table, or one JSON object per measurement with --json.",
        subcommands = {BenchEnvsCommand.class, BenchGymHttpCommand.class, BenchDqnCommand.class, BenchDndCommand.class,
                BenchReturnsCommand.class, BenchRolloutCommand.class, BenchClusterCommand.class, BenchAuxCommand.class,
                BenchSparseQCommand.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing benchmark: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
