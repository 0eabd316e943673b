package ai.engram.cli;

import ai.engram.bench.BenchOutput;
import ai.engram.bench.DndBench;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code engram bench dnd}: NEC's dictionary lookup, batched lookup, writes and memory. */
@Command(name = "dnd", mixinStandardHelpOptions = true,
        description = "NEC's DND on Gaussian keys, searched exactly and through its inverted-file index: microseconds per"
                + " k-nearest-neighbour lookup (one query and a batch), writes per second into a full DND (each evicts the"
                + " least recently used), bytes per key, and the index's recall of the exact neighbours.")
final class BenchDndCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--keys", defaultValue = "100000", description = "Keys in the DND (default ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--dim", defaultValue = "64", description = "Key size (default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--neighbours", defaultValue = "50", description = "p, neighbours per query (default ${DEFAULT-VALUE}).")
    int neighbours;

    @Option(names = "--batch", defaultValue = "32", description = "Queries per batched lookup (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--probes", defaultValue = "8", description = "Lists the inverted-file index scans per query (default ${DEFAULT-VALUE}).")
    int probes;

    @Option(names = "--clusters", defaultValue = "0",
            description = "0 (the default) draws keys and queries i.i.d. Gaussian; N draws them in N blobs of standard"
                    + " deviation 0.5 around Gaussian centres.")
    int clusters;

    @Option(names = "--seconds", defaultValue = "3", description = "Time per measurement, a third of it warm-up (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--json", description = "One JSON object per measurement instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        if (keys < 1 || dim < 1 || neighbours < 1 || batch < 1 || probes < 1 || clusters < 0 || !(seconds > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--keys, --dim, --neighbours, --batch, --probes and --seconds must be positive, --clusters at least 0");
        }
        BenchOutput output = new BenchOutput(new java.io.PrintStream(System.out, true), json);
        DndBench.run(keys, dim, neighbours, batch, probes, clusters, seconds).forEach(output::add);
        output.finish();
        return 0;
    }
}
