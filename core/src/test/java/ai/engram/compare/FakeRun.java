package ai.engram.compare;

import ai.engram.record.CsvLog;
import ai.engram.train.TrainingLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a run directory as engram train does (config.conf, metrics.csv with episode and eval rows), with chosen evaluations. */
final class FakeRun {

    private FakeRun() {
    }

    static Path write(Path dir, String agent, String env, long seed, long[] steps, double[] returns) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.conf"), "agent = \"" + agent + "\"\nenv = \"" + env + "\"\nseed = " + seed + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (CsvLog metrics = new CsvLog(dir.resolve("metrics.csv"), TrainingLoop.METRICS_COLUMNS, 0)) {
            for (int i = 0; i < steps.length; i++) {
                metrics.row(dir.getFileName().toString(), agent, env, seed, steps[i] - 1, 1.0, 20.0, 20, null);
                metrics.row(dir.getFileName().toString(), agent, env, seed, steps[i], 1.0, null, null, returns[i]);
            }
        }
        return dir;
    }

    static RecordedRun of(String agent, String env, long seed, long[] steps, double[] returns) {
        return new RecordedRun(Path.of(agent + "-" + seed), agent, env, seed, steps, returns, true);
    }
}
