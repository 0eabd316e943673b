package ai.engram.cli;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchSparseQCommandTest {

    @Test
    void aDirectoryWithoutARunIsRefusedWithWhatIsMissing(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("bench", "sparse-q", dir.toString());
        assertNotEquals(0, run.exitCode());
        assertTrue(run.err().contains("no config.conf and checkpoint"), run.err());
        Files.writeString(dir.resolve("config.conf"), "x = 1\n");
        run = CliRun.of("bench", "sparse-q", dir.toString());
        assertNotEquals(0, run.exitCode());
    }
}
