package ai.engram.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The mark of a run that trained to its last step: a file {@code completed} in its directory,
 * written after the final evaluation and checkpoint. A run without it is still going, was cut
 * (resume it) or failed; sweeps skip marked runs and comparisons flag unmarked ones.
 */
public final class Completion {

    /** The marker's file name in a run directory. */
    public static final String FILE = "completed";

    private Completion() {
    }

    public static void mark(Path runDirectory, long envSteps) {
        Path file = runDirectory.resolve(FILE);
        try {
            Files.writeString(file, "env_steps=" + envSteps + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static boolean isMarked(Path runDirectory) {
        return Files.isRegularFile(runDirectory.resolve(FILE));
    }
}
