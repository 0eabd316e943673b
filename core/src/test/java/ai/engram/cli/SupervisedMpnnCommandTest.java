package ai.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code engram supervised mpnn --data qm9-mini}: the distance variant from the command line, and its bad inputs. */
class SupervisedMpnnCommandTest {

    @Test
    void qm9MiniRunsTheDistanceVariantAndPrintsItsTable(@TempDir Path dir) {
        CliRun run = CliRun.of("supervised", "mpnn", "--data", "qm9-mini", "--target", "gap", "--set", "variants=[pair/sum/distance]",
                "--set", "epochs=2", "--set", "d=8", "--out", dir.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("qm9-mini") && run.out().contains("MPNN pair/sum/distance"), run.out());
        assertTrue(run.out().contains("not a measure of accuracy"), run.out());
    }

    @Test
    void distancesOnTheSmilesSubsetAndUnknownDataAreRefusedWithTheFix(@TempDir Path dir) {
        CliRun smiles = CliRun.of("supervised", "mpnn", "--data", "qm9", "--set", "variants=[edge-network/sum/distance]", "--out", dir.toString());
        assertNotEquals(0, smiles.exitCode());
        assertTrue(smiles.err().contains("use --data qm9-mini"), smiles.err());
        CliRun unknown = CliRun.of("supervised", "mpnn", "--data", "qm9-sdf", "--out", dir.toString());
        assertNotEquals(0, unknown.exitCode());
        assertTrue(unknown.err().contains("qm9-mini"), unknown.err());
    }
}
