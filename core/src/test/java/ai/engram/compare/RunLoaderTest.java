package ai.engram.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLoaderTest {

    @Test
    void readsEvaluationRowsAndWhoTheRunIs(@TempDir Path tmp) {
        FakeRun.write(tmp.resolve("a"), "dqn", "CartPole-v1", 3, new long[] {500, 1000}, new double[] {9.5, 120});
        RunLoader.Loaded loaded = RunLoader.load(List.of(tmp.resolve("a").toString()));
        assertEquals(List.of(), loaded.problems());
        RecordedRun run = loaded.runs().get(0);
        assertEquals(List.of("dqn", "CartPole-v1", 3L), List.of(run.agent(), run.env(), run.seed()));
        assertArrayEquals(new long[] {500, 1000}, run.evalSteps());
        assertArrayEquals(new double[] {9.5, 120}, run.evalReturns());
    }

    @Test
    void foldersOfRunsAndGlobsExpandAndEachRunCountsOnce(@TempDir Path tmp) {
        for (int seed = 0; seed < 3; seed++) {
            FakeRun.write(tmp.resolve("sweep/dqn-s" + seed), "dqn", "CartPole-v1", seed, new long[] {500}, new double[] {1});
        }
        RunLoader.Loaded loaded = RunLoader.load(List.of(tmp.resolve("sweep").toString(), tmp + "/sweep/dqn-s*",
                tmp.resolve("sweep/dqn-s1/metrics.csv").toString()));
        assertEquals(List.of(), loaded.problems());
        assertEquals(3, loaded.runs().size());
    }

    @Test
    void badInputsAreReportedByPathAndTheRestStillLoads(@TempDir Path tmp) throws IOException {
        FakeRun.write(tmp.resolve("good"), "dqn", "CartPole-v1", 0, new long[] {500}, new double[] {1});
        Path corrupt = FakeRun.write(tmp.resolve("corrupt"), "dqn", "CartPole-v1", 1, new long[] {500}, new double[] {1});
        Files.writeString(corrupt.resolve("metrics.csv"), "a,b\n", StandardOpenOption.APPEND);
        Path notNumber = FakeRun.write(tmp.resolve("nan"), "dqn", "CartPole-v1", 2, new long[] {500}, new double[] {1});
        Files.writeString(notNumber.resolve("metrics.csv"), "r,dqn,CartPole-v1,2,900,1,,,lots\n",
                StandardOpenOption.APPEND);
        Path noMetrics = FakeRun.write(tmp.resolve("no-metrics"), "dqn", "CartPole-v1", 3, new long[] {500}, new double[] {1});
        Files.delete(noMetrics.resolve("metrics.csv"));
        Path noEvals = tmp.resolve("no-evals");
        FakeRun.write(noEvals, "dqn", "CartPole-v1", 4, new long[0], new double[0]);

        RunLoader.Loaded loaded = RunLoader.load(List.of(tmp + "/good", tmp + "/corrupt", tmp + "/nan", tmp + "/no-metrics",
                tmp + "/no-evals", tmp + "/missing", tmp + "/nothing-*"));
        assertEquals(1, loaded.runs().size());
        String problems = String.join("\n", loaded.problems());
        assertEquals(6, loaded.problems().size(), problems);
        assertTrue(problems.contains(corrupt.resolve("metrics.csv") + ":4: 2 fields where the header has 9"), problems);
        assertTrue(problems.contains(notNumber.resolve("metrics.csv") + ":4: not a number"), problems);
        assertTrue(problems.contains(noMetrics.resolve("metrics.csv") + ": missing"), problems);
        assertTrue(problems.contains(noEvals.resolve("metrics.csv") + ": no evaluation rows yet"), problems);
        assertTrue(problems.contains(tmp + "/missing: no such directory"), problems);
        assertTrue(problems.contains(tmp + "/nothing-*: matched nothing"), problems);
    }
}
