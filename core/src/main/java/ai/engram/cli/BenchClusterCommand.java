package ai.engram.cli;

import ai.engram.bench.BenchOutput;
import ai.engram.bench.Measurement;
import ai.engram.cluster.ClusterBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code engram bench cluster}: rollouts from worker JVMs on loopback against the same workers in one JVM, and Kryo's cost. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "DQN-policy CartPole rollouts into a learner node's replay buffer from 2 worker JVMs on loopback,"
                + " against the same workers inside the learner's JVM; policy publish-to-use latency; Kryo bytes and"
                + " microseconds per transition batch and per policy snapshot.")
final class BenchClusterCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--workers", defaultValue = "1", description = "Workers per worker JVM (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--envs-per-worker", defaultValue = "16", description = "Envs per worker (default ${DEFAULT-VALUE}).")
    int envsPerWorker;

    @Option(names = "--steps-per-message", defaultValue = "16",
            description = "Vector steps per message to the replay buffer (default ${DEFAULT-VALUE}).")
    int stepsPerMessage;

    @Option(names = "--seconds", defaultValue = "5", description = "Measured seconds, after as long a warm-up (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--port", defaultValue = "25530", description = "Loopback port of the learner node (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--json", description = "One JSON object per measurement instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (workers < 1 || envsPerWorker < 1 || stepsPerMessage < 1 || seconds <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "every count and --seconds must be positive");
        }
        Duration measure = Duration.ofMillis((long) (seconds * 1000));
        BenchOutput output = new BenchOutput(new java.io.PrintStream(System.out, true), json);
        Path logs = Files.createTempDirectory("engram-bench-cluster");
        add(output, "one JVM", ClusterBench.rollout(0, 2 * workers, envsPerWorker, stepsPerMessage, port, measure, measure, logs));
        add(output, "2 worker JVMs", ClusterBench.rollout(2, workers, envsPerWorker, stepsPerMessage, port, measure, measure,
                logs));
        for (ClusterBench.Wire wire : ClusterBench.wire(envsPerWorker * stepsPerMessage, 20_000)) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("message", wire.message());
            output.add(new Measurement("kryo", p, "bytes", wire.bytes()));
            output.add(new Measurement("kryo", p, "us_per_write_and_read", wire.microsToWriteAndRead()));
        }
        output.finish();
        return 0;
    }

    private void add(BenchOutput output, String mode, ClusterBench.Rollout r) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("mode", mode);
        p.put("workers", 2 * workers);
        p.put("envs_per_worker", envsPerWorker);
        p.put("steps_per_message", stepsPerMessage);
        output.add(new Measurement("cluster", p, "env_steps_per_s", r.envStepsPerSecond()));
        output.add(new Measurement("cluster", p, "ms_snapshot_to_use_mean", r.meanSnapshotLatencyMs()));
        output.add(new Measurement("cluster", p, "ms_snapshot_to_use_max", r.maxSnapshotLatencyMs()));
    }
}
