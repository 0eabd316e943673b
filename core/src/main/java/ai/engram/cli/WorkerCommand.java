package ai.engram.cli;

import ai.engram.cluster.ClusterNode;
import ai.engram.cluster.WorkerNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code engram worker}: environment workers in this JVM for the learner of a cluster. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run environment workers for a learner node (engram learner). Joins again whenever the learner"
                + " goes away and comes back; stops on SIGINT or SIGTERM.")
final class WorkerCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--join", required = true, paramLabel = "HOST:PORT", description = "The learner node's --bind address.")
    String join;

    @Option(names = "--bind", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:0",
            description = "Address to listen on; port 0 picks a free one (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--workers", defaultValue = "1", description = "Environment workers in this JVM (default ${DEFAULT-VALUE}).")
    int workers;

    @Mixin
    WorkerShape shape;

    @Mixin
    NodeOptions node;

    @Override
    public Integer call() {
        if (workers < 1 || shape.envsPerWorker < 1 || shape.stepsPerMessage < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--workers, --envs-per-worker and --steps-per-message must be >= 1");
        }
        ClusterNode cluster;
        try {
            cluster = ClusterNode.worker(ClusterNode.HostPort.parse(bind), node.advertise(),
                    ClusterNode.HostPort.parse(join), node.tls());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        WorkerNode worker = new WorkerNode(cluster, workers, shape.envsPerWorker, shape.stepsPerMessage);
        PrintWriter out = spec.commandLine().getOut();
        out.println(workers + " workers x " + shape.envsPerWorker + " envs joining the learner at " + join);
        out.flush();
        return StopOnSignal.run(worker::stop, Duration.ofSeconds(30), () -> {
            try {
                worker.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        });
    }
}
