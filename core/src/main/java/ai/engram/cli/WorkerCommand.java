package ai.engram.cli;

import ai.engram.cluster.ClusterNode;
import ai.engram.cluster.WorkerNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    @Option(names = "--envs-per-worker", defaultValue = "1", description = "Environment copies per worker (default ${DEFAULT-VALUE}).")
    int envsPerWorker;

    @Option(names = "--steps-per-message", defaultValue = "8",
            description = "Vector steps a worker batches into one message to the replay buffer (default ${DEFAULT-VALUE}).")
    int stepsPerMessage;

    @Option(names = "--advertise", paramLabel = "HOST",
            description = "The host name or address other nodes reach this one at (default: the --bind host, or this"
                    + " host's address when binding 0.0.0.0).")
    String advertise;

    @Mixin
    TlsOptions tls;

    @Override
    public Integer call() throws InterruptedException {
        if (workers < 1 || envsPerWorker < 1 || stepsPerMessage < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--workers, --envs-per-worker and --steps-per-message must be >= 1");
        }
        ClusterNode node;
        try {
            node = ClusterNode.worker(ClusterNode.HostPort.parse(bind), java.util.Optional.ofNullable(advertise),
                    ClusterNode.HostPort.parse(join), tls.tls());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        WorkerNode worker = new WorkerNode(node, workers, envsPerWorker, stepsPerMessage);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            worker.stop();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "engram-worker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = spec.commandLine().getOut();
        out.println(workers + " workers x " + envsPerWorker + " envs joining the learner at " + join);
        out.flush();
        try {
            worker.run();
            return 0;
        } finally {
            finished.countDown();
        }
    }
}
