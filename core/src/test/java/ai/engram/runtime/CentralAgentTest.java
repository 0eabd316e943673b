package ai.engram.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.agent.Agents;
import ai.engram.cli.CliRun;
import ai.engram.config.Presets;
import ai.engram.config.Settings;
import ai.engram.env.Env;
import ai.engram.env.Envs;
import ai.engram.env.VectorEnv;
import ai.engram.train.Progress;
import ai.engram.train.RunConfig;
import ai.engram.train.TrainingLoop;
import ai.engram.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NEC under central inference: one actor holds the agent, step workers hold the environments, and
 * every message is serialized with Kryo as if it crossed JVMs.
 */
class CentralAgentTest {

    private static final List<String> SMALL = List.of("total-steps=3000", "learning-starts=300", "eval-every=1000",
            "eval-episodes=2", "checkpoint-every=1000", "log-every=500", "hidden=[16]", "key-size=8", "n-step=20",
            "num-envs=4");

    private static Settings settings(String... more) {
        return new Settings(Presets.resolve("nec", "CartPole-v1",
                java.util.stream.Stream.concat(SMALL.stream(), java.util.Arrays.stream(more)).toList()));
    }

    /**
     * With one worker of 4 copies the agent gets the same calls in the same order as in the
     * single-process loop with 4 copies, so every episode return, evaluation and loss is the same.
     */
    @Test
    void withOneWorkerARunIsTheSingleProcessRunCallForCall(@TempDir Path tmp) throws Exception {
        Path single = Files.createDirectories(tmp.resolve("single"));
        Settings s = settings();
        try (TrainingRun run = TrainingRun.assemble(s, new TrainingLoop.RunInfo("r", "nec", "CartPole-v1", 5, single),
                Progress.SILENT)) {
            assertTrue(run.loop().run(Optional.empty()).completed());
        }
        Path central = Files.createDirectories(tmp.resolve("central"));
        try (Env evalEnv = Envs.make("CartPole-v1")) {
            CentralAgent.Setup setup = ActorRun.centralSetup(settings(), new TrainingLoop.RunInfo("r", "nec", "CartPole-v1",
                    5, central), 1, 4, evalEnv, Optional.empty(), Long.MAX_VALUE, Progress.SILENT);
            TrainingLoop.Outcome outcome = ActorRun.start(setup, ActorRun.config(true)).await(Duration.ofMinutes(5));
            assertTrue(outcome.completed());
            assertEquals(3000, outcome.envSteps());
        }
        // every column but the wall clock and the rates it divides
        assertEquals(columns(single.resolve("metrics.csv"), 4, 6, 7, 8), columns(central.resolve("metrics.csv"), 4, 6, 7, 8));
        assertEquals(columns(single.resolve("learner.csv"), 0, 2, 3, 4, 5, 6, 9),
                columns(central.resolve("learner.csv"), 0, 2, 3, 4, 5, 6, 9));
        assertTrue(columns(central.resolve("metrics.csv"), 8).stream().filter(v -> !v.isEmpty()).count() >= 3,
                "evaluations at 1000, 2000, 3000");
    }

    /** A worker whose environments throw restarts with fresh ones; its episodes are cut and the run goes on. */
    @Test
    void aWorkerWhoseEnvironmentsThrowIsRestartedAndTheRunGoesOn(@TempDir Path dir) throws Exception {
        Settings s = settings();
        RunConfig run = RunConfig.from(s);
        AtomicInteger made = new AtomicInteger();
        try (Env evalEnv = Envs.make("CartPole-v1")) {
            CentralAgent.Setup setup = new CentralAgent.Setup(new TrainingLoop.RunInfo("flaky", "nec", "CartPole-v1", 1, dir),
                    run, Agents.create("nec", s, evalEnv.observationSpace(), evalEnv.actionSpace(), 4, run.totalSteps(), 1),
                    evalEnv, w -> {
                        made.incrementAndGet();
                        return VectorEnv.of(() -> new FaultyCartPole(FaultyCartPole.Fault.THROWS, 250), 2);
                    }, 2, 2, Optional.empty(), Long.MAX_VALUE, Progress.SILENT, Optional.empty(),
                    new CompletableFuture<>());
            TrainingLoop.Outcome outcome = ActorRun.start(setup, ActorRun.config(true)).await(Duration.ofMinutes(5));

            assertTrue(outcome.completed());
            assertTrue(made.get() >= 2 + 4, "each worker's environments throw every 250 of their steps: "
                    + (made.get() - 2) + " restarts");
            List<String> lengths = columns(dir.resolve("metrics.csv"), 7).stream().filter(v -> !v.isEmpty()).toList();
            assertEquals(outcome.episodes(), lengths.size());
            assertTrue(lengths.stream().mapToLong(Long::parseLong).sum() <= outcome.envSteps());
        }
    }

    @Test
    void theCommandLineTrainsStopsAndResumesNecWithWorkersAndRefusesWhatItCannotDo(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("run");
        List<String> train = List.of("train", "--agent", "nec", "--env", "CartPole-v1", "--workers", "2",
                "--envs-per-worker", "2", "--run-dir", dir.toString(), "--set", "total-steps=2000", "--set", "hidden=[16]",
                "--set", "eval-every=1000", "--set", "eval-episodes=1", "--stop-at", "1000");
        CliRun stopped = CliRun.of(train.toArray(String[]::new));
        assertEquals(0, stopped.exitCode(), stopped.err());
        assertTrue(stopped.out().contains("stopped (resume with engram train --resume " + dir + " --workers 2)"),
                stopped.out());
        assertTrue(Files.readString(dir.resolve("config.conf")).contains("num-envs = 4"));

        CliRun wrongShape = CliRun.of("train", "--resume", dir.toString(), "--workers", "1", "--envs-per-worker", "2");
        assertEquals(1, wrongShape.exitCode());
        assertTrue(wrongShape.err().contains("written by a run of 4 environment copies"), wrongShape.err());

        // the checkpoint is the single-process loop's: the run goes on without workers, with its 4 copies
        CliRun resumed = CliRun.of("train", "--resume", dir.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("done: 2000 env steps"), resumed.out());

        CliRun batched = CliRun.of("train", "--agent", "nec", "--env", "CartPole-v1", "--workers", "2",
                "--steps-per-message", "4", "--run-dir", tmp.resolve("b").toString());
        assertEquals(1, batched.exitCode());
        assertTrue(batched.err().contains("nec acts centrally, one vector step per message"), batched.err());
        CliRun copies = CliRun.of("train", "--agent", "nec", "--env", "CartPole-v1", "--workers", "2",
                "--set", "num-envs=3", "--run-dir", tmp.resolve("c").toString());
        assertEquals(2, copies.exitCode());
        assertTrue(copies.err().contains("drop --set num-envs"), copies.err());
        CliRun cluster = CliRun.of("learner", "--agent", "nec", "--env", "CartPole-v1", "--bind", "127.0.0.1:0",
                "--run-dir", tmp.resolve("d").toString());
        assertEquals(1, cluster.exitCode());
        assertTrue(cluster.err().contains("nec acts centrally, in one JVM"), cluster.err());
    }

    private static List<String> columns(Path csv, int... indices) throws IOException {
        return Files.readAllLines(csv).stream().skip(1).map(line -> {
            String[] f = line.split(",", -1);
            StringBuilder picked = new StringBuilder();
            for (int i : indices) {
                picked.append(f[i]).append(i == indices[indices.length - 1] ? "" : ",");
            }
            return picked.toString();
        }).toList();
    }
}
