package ai.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.record.Completion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end through the command line: run directories, determinism, resume after a stop, a signal or a kill. */
class TrainCommandTest {

    /** A small, fast DQN run on CartPole with every extension on: about 4,000 env steps and 900 updates. */
    static final List<String> SMALL = List.of("--set", "total-steps=4000", "--set", "hidden=[32, 32]",
            "--set", "learning-starts=500", "--set", "train-frequency=4", "--set", "gradient-steps=1",
            "--set", "batch-size=32", "--set", "buffer-size=5000", "--set", "target-update-interval=250",
            "--set", "eval-every=1000", "--set", "eval-episodes=3", "--set", "checkpoint-every=1000",
            "--set", "log-every=500", "--set", "learning-rate=1e-3", "--set", "n-step=3", "--set", "replay=prioritized",
            "--set", "dueling=true", "--set", "tau=0.5", "--set", "double-q=true");

    static CliRun train(Path runDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--agent", "dqn", "--env", "CartPole-v1", "--seed", "3",
                "--run-dir", runDir.toString()));
        args.addAll(SMALL);
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** metrics.csv without the columns that legitimately differ between runs: run name and wall time. */
    static List<String> metricsWithoutWallTime(Path runDir) throws IOException {
        List<String> lines = Files.readAllLines(runDir.resolve("metrics.csv"));
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        int run = header.indexOf("run");
        int wall = header.indexOf("wall_s");
        return lines.stream().map(l -> {
            String[] f = l.split(",", -1);
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < f.length; i++) {
                if (i != run && i != wall) {
                    kept.add(f[i]);
                }
            }
            return String.join(",", kept);
        }).collect(Collectors.toList());
    }

    @Test
    void aRunWritesItsDirectoryAndTheSameSeedGivesTheSameMetrics(@TempDir Path tmp) throws IOException {
        CliRun first = train(tmp.resolve("a"));
        assertEquals(0, first.exitCode(), first.out() + first.err());
        for (String file : List.of("config.conf", "metrics.csv", "learner.csv", "learning-curve.png", "checkpoint/state.kryo")) {
            assertTrue(Files.isRegularFile(tmp.resolve("a").resolve(file)), file);
        }
        List<String> metrics = Files.readAllLines(tmp.resolve("a/metrics.csv"));
        assertEquals("run,agent,env,seed,env_step,wall_s,episode_return,episode_length,eval_return", metrics.get(0));
        assertEquals(4, metrics.stream().filter(l -> l.matches(".*,[^,]+$") && l.split(",", -1)[6].isEmpty()).count(),
                "four evaluations:\n" + String.join("\n", metrics));
        assertTrue(metrics.size() > 60, "episodes were recorded");
        String config = Files.readString(tmp.resolve("a/config.conf"));
        assertTrue(config.contains("n-step = 3") && config.contains("agent = \"dqn\"") && config.contains("seed = 3"), config);
        List<String> learner = Files.readAllLines(tmp.resolve("a/learner.csv"));
        assertEquals(9, learner.size(), String.join("\n", learner));

        CliRun second = train(tmp.resolve("b"));
        assertEquals(0, second.exitCode(), second.err());
        assertEquals(metricsWithoutWallTime(tmp.resolve("a")), metricsWithoutWallTime(tmp.resolve("b")));
    }

    @Test
    void aStoppedRunResumesExactlyAsIfNeverStopped(@TempDir Path tmp) throws IOException {
        assertEquals(0, train(tmp.resolve("whole")).exitCode());
        CliRun stopped = train(tmp.resolve("cut"), "--stop-at", "1700");
        assertEquals(0, stopped.exitCode(), stopped.err());
        assertTrue(stopped.out().contains("stopped (resume with engram train --resume"), stopped.out());
        assertFalse(Completion.isMarked(tmp.resolve("cut")), "a stopped run is not marked complete");
        CliRun resumed = CliRun.of("train", "--resume", tmp.resolve("cut").toString());
        assertEquals(0, resumed.exitCode(), resumed.out() + resumed.err());
        assertTrue(Completion.isMarked(tmp.resolve("cut")), "the resumed run trained to its end");
        assertEquals(metricsWithoutWallTime(tmp.resolve("whole")), metricsWithoutWallTime(tmp.resolve("cut")));
    }

    @Test
    void aStoppedNecRunResumesExactlyAsIfNeverStopped(@TempDir Path tmp) throws IOException {
        // small DNDs so that LRU eviction and the inverted-file index both cross the checkpoint, with N-step targets pending
        List<String> nec = List.of("train", "--agent", "nec", "--env", "CartPole-v1", "--seed", "3", "--set", "total-steps=3000",
                "--set", "eval-every=1000", "--set", "eval-episodes=3", "--set", "checkpoint-every=1000",
                "--set", "dnd-capacity=400", "--set", "dnd-exact-limit=100", "--set", "n-step=10", "--set", "neighbours=10");
        List<String> whole = new ArrayList<>(nec);
        whole.addAll(List.of("--run-dir", tmp.resolve("whole").toString()));
        assertEquals(0, CliRun.of(whole.toArray(String[]::new)).exitCode());
        List<String> cut = new ArrayList<>(nec);
        cut.addAll(List.of("--run-dir", tmp.resolve("cut").toString(), "--stop-at", "1700"));
        CliRun stopped = CliRun.of(cut.toArray(String[]::new));
        assertTrue(stopped.out().contains("stopped (resume with engram train --resume"), stopped.out() + stopped.err());
        CliRun resumed = CliRun.of("train", "--resume", tmp.resolve("cut").toString());
        assertEquals(0, resumed.exitCode(), resumed.out() + resumed.err());
        assertEquals(metricsWithoutWallTime(tmp.resolve("whole")), metricsWithoutWallTime(tmp.resolve("cut")));
    }

    @Test
    void sigtermCheckpointsAndSigkillResumesFromTheLastPeriodicCheckpoint(@TempDir Path tmp) throws Exception {
        assertEquals(0, train(tmp.resolve("whole"), "--set", "total-steps=8000").exitCode());
        for (boolean kill : new boolean[] {false, true}) {
            Path dir = tmp.resolve(kill ? "killed" : "terminated");
            Process p = startTraining(dir, "--set", "total-steps=8000");
            // wait until the run is past its second periodic checkpoint, then signal it
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lastStep(dir) < 2500 && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(50);
            }
            assertTrue(p.isAlive(), "the run ended before it could be signalled");
            if (kill) {
                p.destroyForcibly(); // SIGKILL: no chance to checkpoint
            } else {
                p.destroy(); // SIGTERM: checkpoints on the way out
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String output = Files.readString(dir.resolveSibling(dir.getFileName() + ".log"));
            if (!kill) {
                assertTrue(output.contains("stopped (resume with engram train --resume"), output);
            }
            CliRun resumed = CliRun.of("train", "--resume", dir.toString());
            assertEquals(0, resumed.exitCode(), resumed.out() + resumed.err());
            assertEquals(metricsWithoutWallTime(tmp.resolve("whole")), metricsWithoutWallTime(dir),
                    kill ? "after SIGKILL" : "after SIGTERM");
        }
    }

    @Test
    void aRunOfActorsCheckpointsOnSigtermAndResumesWithWorkers(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("actors");
        Process p = startTraining(dir, "--workers", "2", "--envs-per-worker", "2", "--set", "total-steps=20000");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lastStep(dir) < 2500 && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(50);
        }
        assertTrue(p.isAlive(), "the run ended before it could be signalled");
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String output = Files.readString(dir.resolveSibling(dir.getFileName() + ".log"));
        assertTrue(output.contains("stopped (resume with engram train --resume " + dir + " --workers 2)"), output);
        long stoppedAt = lastStep(dir);

        CliRun single = CliRun.of("train", "--resume", dir.toString());
        assertEquals(1, single.exitCode());
        assertTrue(single.err().contains("it was written by a run of actors: resume it with --workers N"), single.err());
        CliRun resumed = CliRun.of("train", "--resume", dir.toString(), "--workers", "2", "--envs-per-worker", "2");
        assertEquals(0, resumed.exitCode(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("done: "), resumed.out());
        List<String[]> rows = Files.readAllLines(dir.resolve("metrics.csv")).stream().skip(1)
                .map(l -> l.split(",", -1)).toList();
        long[] steps = rows.stream().mapToLong(f -> Long.parseLong(f[4])).toArray();
        for (int i = 1; i < steps.length; i++) {
            assertTrue(steps[i] >= steps[i - 1], "env_step never goes back (row " + i + ")");
        }
        assertTrue(steps[steps.length - 1] >= 20_000 && stoppedAt < 20_000);
        assertEquals(20, rows.stream().filter(f -> !f[8].isEmpty()).count(), "one evaluation per 1000 env steps");
    }

    @Test
    void badUsageAndBadSettingsFailBeforeTraining(@TempDir Path tmp) {
        assertEquals(2, CliRun.of("train", "--agent", "dqn").exitCode());
        assertEquals(2, CliRun.of("train", "--resume", tmp.toString(), "--agent", "dqn").exitCode());
        CliRun unknownKey = train(tmp.resolve("x"), "--set", "gama=0.9");
        assertEquals(1, unknownKey.exitCode());
        assertTrue(unknownKey.err().contains("unknown setting 'gama'"), unknownKey.err());
        assertFalse(Files.exists(tmp.resolve("x/metrics.csv")), "nothing was trained");
        CliRun badValue = train(tmp.resolve("y"), "--set", "replay=sorted");
        assertTrue(badValue.err().contains("setting 'replay' = sorted is not one of uniform, prioritized"), badValue.err());
        CliRun unknownAgent = CliRun.of("train", "--agent", "ppo", "--env", "CartPole-v1", "--run-dir", tmp.resolve("z").toString());
        assertEquals(1, unknownAgent.exitCode());
        assertTrue(unknownAgent.err().contains("unknown agent 'ppo'"), unknownAgent.err());
        CliRun continuous = CliRun.of("train", "--agent", "dqn", "--env", "Pendulum-v1", "--run-dir", tmp.resolve("p").toString());
        assertTrue(continuous.err().contains("DQN needs a discrete action space"), continuous.err());
        CliRun notARun = CliRun.of("train", "--resume", tmp.toString());
        assertTrue(notARun.err().contains("is not a run directory"), notARun.err());
    }

    @Test
    void rl4jsDqnWritesTheSameRunFormatAndRefusesToResume(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("rl4j");
        CliRun run = CliRun.of("train", "--agent", "rl4j-dqn", "--env", "CartPole-v1", "--seed", "2", "--run-dir",
                dir.toString(), "--set", "total-steps=600", "--set", "eval-every=300", "--set", "eval-episodes=2",
                "--set", "log-every=300");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        List<String> metrics = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals("run,agent,env,seed,env_step,wall_s,episode_return,episode_length,eval_return", metrics.get(0));
        assertTrue(metrics.stream().anyMatch(l -> l.startsWith("rl4j,rl4j-dqn,CartPole-v1,2,") && l.endsWith(",")), "episodes");
        assertTrue(metrics.stream().filter(l -> !l.endsWith(",") && !l.startsWith("run,")).count() >= 2, "evaluations");
        assertTrue(Files.isRegularFile(dir.resolve("learning-curve.png")));
        assertTrue(Completion.isMarked(dir));
        CliRun resumed = CliRun.of("train", "--resume", dir.toString());
        assertEquals(1, resumed.exitCode());
        assertTrue(resumed.err().contains("no checkpoint"), resumed.err());
    }

    private static Process startTraining(Path dir, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                Main.class.getName(), "train", "--agent", "dqn", "--env", "CartPole-v1", "--seed", "3",
                "--run-dir", dir.toString()));
        command.addAll(SMALL);
        command.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolveSibling(dir.getFileName() + ".log").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /** The largest env_step in a run's metrics.csv so far (0 if none). */
    private static long lastStep(Path dir) throws IOException {
        Path csv = dir.resolve("metrics.csv");
        if (!Files.exists(csv)) {
            return 0;
        }
        return Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",", -1))
                .filter(f -> f.length > 4 && !f[4].isEmpty()).mapToLong(f -> Long.parseLong(f[4])).max().orElse(0);
    }
}
