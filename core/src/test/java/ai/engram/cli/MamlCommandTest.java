package ai.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** engram train --agent maml and engram maml-eval end to end, on a tiny configuration. */
class MamlCommandTest {

    static final String[] TINY = {"--set", "hidden=[8, 8]", "--set", "meta-batch=3", "--set", "episodes-per-task=3",
        "--set", "horizon=20", "--set", "meta-iterations=2", "--set", "test-tasks=4", "--set", "eval-steps=2", "--set", "eval-episodes=3"};

    static CliRun train(Path dir, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--agent", "maml", "--env", "Navigation2D",
                "--seed", "2", "--run-dir", dir.toString()));
        args.addAll(List.of(TINY));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void trainWritesTheRunAndMamlEvalItsTable(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("run");
        CliRun trained = train(run);
        assertEquals(0, trained.exitCode(), trained.out() + trained.err());
        for (String file : List.of("config.conf", "metrics.csv", "learning-curve.png", "checkpoint/state.kryo")) {
            assertTrue(Files.isRegularFile(run.resolve(file)), file);
        }
        assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size(), "header and one row per meta-iteration");
        CliRun eval = CliRun.of("maml-eval", run.toString());
        assertEquals(0, eval.exitCode(), eval.out() + eval.err());
        assertTrue(eval.out().contains("MAML (2 meta-iterations)") && eval.out().contains("random initialization"), eval.out());
        assertEquals(1 + 3 * 3, Files.readAllLines(run.resolve("maml-eval.csv")).size(), "3 policies x steps 0..2");
        assertTrue(Files.isRegularFile(run.resolve("maml-eval.png")));
    }

    @Test
    void mamlEvalChangesHowTheRunIsEvaluatedButNeverHowItWasTrained(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("run");
        assertEquals(0, train(run).exitCode());
        CliRun oneStep = CliRun.of("maml-eval", run.toString(), "--set", "eval-steps=1", "--set", "eval-later-step-scale=1");
        assertEquals(0, oneStep.exitCode(), oneStep.out() + oneStep.err());
        assertEquals(1 + 3 * 2, Files.readAllLines(run.resolve("maml-eval.csv")).size(), "3 policies x steps 0..1");
        CliRun retrained = CliRun.of("maml-eval", run.toString(), "--set", "inner-lr=0.5");
        assertEquals(1, retrained.exitCode());
        assertTrue(retrained.err().contains("'inner-lr' is how the run was trained"), retrained.err());
        assertEquals(1 + 3 * 2, Files.readAllLines(run.resolve("maml-eval.csv")).size(), "the refused call wrote nothing");
    }

    @Test
    void aRunOlderThanTheEvaluationSettingsIsEvaluatedWithTheirDefaults(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("run");
        assertEquals(0, train(run).exitCode());
        Path conf = run.resolve("config.conf");
        Files.write(conf, Files.readAllLines(conf).stream()
                .filter(line -> !line.startsWith("eval-episodes") && !line.startsWith("eval-later-step-scale")).toList());
        CliRun eval = CliRun.of("maml-eval", run.toString());
        assertEquals(0, eval.exitCode(), eval.out() + eval.err());
        assertTrue(eval.out().contains("(40 episodes per step, step size 0.1 then 0.05)"), eval.out());
    }

    @Test
    void aStoppedRunResumesToTheSameMetrics(@TempDir Path tmp) throws IOException {
        CliRun whole = train(tmp.resolve("whole"), "--set", "meta-iterations=3", "--workers", "2");
        assertEquals(0, whole.exitCode(), whole.err());
        CliRun first = train(tmp.resolve("parts"), "--set", "meta-iterations=3", "--set", "checkpoint-every=2", "--stop-at", "2");
        assertEquals(0, first.exitCode(), first.err());
        CliRun rest = CliRun.of("train", "--resume", tmp.resolve("parts").toString());
        assertEquals(0, rest.exitCode(), rest.err());
        assertEquals(TrainCommandTest.metricsWithoutWallTime(tmp.resolve("whole")),
                TrainCommandTest.metricsWithoutWallTime(tmp.resolve("parts")));
    }

    @Test
    void aWallTimeBudgetStopsAfterTheIterationThatSpendsIt(@TempDir Path tmp) throws IOException {
        CliRun run = train(tmp.resolve("run"), "--set", "meta-iterations=50", "--set", "max-wall-minutes=0.00001");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals(2, Files.readAllLines(tmp.resolve("run/metrics.csv")).size(), "one meta-iteration spends 0.6 ms");
        CliRun eval = CliRun.of("maml-eval", tmp.resolve("run").toString(), "--workers", "2");
        assertEquals(0, eval.exitCode(), eval.out() + eval.err());
        assertTrue(eval.out().contains("MAML (1 meta-iterations)"), eval.out());
    }

    @Test
    void taskFamiliesAndSingleEnvironmentsAreNotMixedUp(@TempDir Path tmp) {
        CliRun dqn = CliRun.of("train", "--agent", "dqn", "--env", "Navigation2D", "--run-dir", tmp.resolve("a").toString());
        assertEquals(1, dqn.exitCode());
        assertTrue(dqn.err().contains("task family") && dqn.err().contains("--agent maml"), dqn.err());
        CliRun maml = CliRun.of("train", "--agent", "maml", "--env", "CartPole-v1", "--run-dir", tmp.resolve("b").toString());
        assertEquals(1, maml.exitCode());
        assertTrue(maml.err().contains("Navigation2D, PendulumGravity"), maml.err());
        CliRun eval = CliRun.of("maml-eval", tmp.toString());
        assertEquals(1, eval.exitCode());
        assertTrue(eval.err().contains("not a MAML run"), eval.err());
    }
}
