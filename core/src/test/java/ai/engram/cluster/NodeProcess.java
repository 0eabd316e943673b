package ai.engram.cluster;

import ai.engram.cli.Main;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** An {@code engram} command in its own JVM, as a cluster node runs: its output in a log file beside it. */
record NodeProcess(Process process, Path log) implements AutoCloseable {

    /** Faster failure handling than production defaults, so fault tests take seconds, not minutes. */
    private static final List<String> FAST_CLUSTER = List.of(
            "-Dpekko.cluster.split-brain-resolver.stable-after=3s",
            "-Dpekko.cluster.retry-unsuccessful-join-after=1s");

    static NodeProcess start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        command.addAll(FAST_CLUSTER);
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("ENGRAM_TLS_PASSWORD", "changeit");
        return new NodeProcess(pb.start(), log);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    /** CPU time the process used so far. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElseThrow();
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** The largest env_step in a run's metrics.csv so far (0 if none). */
    static long lastStep(Path runDir) {
        Path csv = runDir.resolve("metrics.csv");
        try {
            if (!Files.exists(csv)) {
                return 0;
            }
            return Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",", -1))
                    .filter(f -> f.length > 4 && !f[4].isEmpty()).mapToLong(f -> Long.parseLong(f[4])).max().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
