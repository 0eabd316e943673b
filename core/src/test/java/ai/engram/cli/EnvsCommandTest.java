package ai.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvsCommandTest {

    static Path recordedTrajectories() throws URISyntaxException {
        return Path.of(EnvsCommandTest.class.getResource("/gymnasium-classic-control-trajectories.jsonl").toURI());
    }

    @Test
    void everyGymnasiumTrajectoryReplaysWithinFloat32Precision() throws Exception {
        CliRun run = CliRun.of("envs", "check", recordedTrajectories().toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("all trajectories match"), run.out());
        for (String id : List.of("CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1")) {
            assertTrue(run.out().lines().anyMatch(l -> l.startsWith(id + " ") && l.contains(" 10 ")), id + "\n" + run.out());
        }
    }

    @Test
    void malformedLinesAndUnknownIdsAreReportedWithTheirLineNumbers(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(recordedTrajectories()).subList(0, 2));
        lines.add("{not json");
        lines.add(lines.get(0).replace("\"CartPole-v1\"", "\"CartPole-v9\""));
        lines.add("{\"env_id\": \"Acrobot-v1\", \"initial_state\": [0, 0, 0, 0]}");
        Path file = dir.resolve("bad.jsonl");
        Files.write(file, lines);
        CliRun run = CliRun.of("envs", "check", file.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("line 3: malformed trajectory"), run.err());
        assertTrue(run.err().contains("line 4: unknown environment id 'CartPole-v9'; closest known: CartPole-v1"), run.err());
        assertTrue(run.err().contains("line 5: malformed trajectory"), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("CartPole-v1") && l.contains(" 2 ")), run.out());
    }

    @Test
    void aDeviatingTrajectoryFails(@TempDir Path dir) throws Exception {
        String first = Files.readAllLines(recordedTrajectories()).get(0);
        String tampered = first.replaceFirst("\"reward\": 1.0", "\"reward\": 0.5")
                .replaceFirst("\"terminated\": true", "\"terminated\": false");
        Path file = dir.resolve("tampered.jsonl");
        Files.writeString(file, tampered + "\n");
        CliRun run = CliRun.of("envs", "check", file.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("line 1 (CartPole-v1, reset_seed 0) step 0: reward 1.0, Gymnasium 0.5"), run.err());
        assertTrue(run.err().contains("terminated/truncated true/false, Gymnasium false/false"), run.err());
    }

    @Test
    void missingFileFailsWithItsPath() {
        CliRun run = CliRun.of("envs", "check", "/nonexistent/trajectories.jsonl");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("cannot read trajectory file /nonexistent/trajectories.jsonl"), run.err());
    }

    @Test
    void listPrintsEveryIdWithItsSpaces() {
        CliRun run = CliRun.of("envs", "list");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("CartPole-v1"), run.out());
        assertTrue(run.out().contains("action Discrete(2)"), run.out());
        assertTrue(run.out().contains("Pendulum-v1"), run.out());
        assertTrue(run.out().contains("action Box(-2.0, 2.0, [1], float32)"), run.out());
        assertTrue(run.out().contains("Navigation2D") && run.out().contains("PendulumGravity"), run.out());
    }

    @Test
    void runPrintsEachEpisodeOfARandomPolicy() {
        CliRun a = CliRun.of("envs", "run", "CartPole-v1", "--episodes", "3", "--seed", "4");
        CliRun b = CliRun.of("envs", "run", "CartPole-v1", "--episodes", "3", "--seed", "4");
        assertEquals(0, a.exitCode(), a.err());
        assertEquals(3, a.out().lines().filter(l -> l.startsWith("episode ")).count(), a.out());
        assertEquals(a.out(), b.out());
        CliRun pendulum = CliRun.of("envs", "run", "Pendulum-v1", "--episodes", "1");
        assertTrue(pendulum.out().contains("length 200  truncated"), pendulum.out());
    }

    @Test
    void badUsageExitsTwoAndUnknownEnvExitsOne() {
        assertEquals(2, CliRun.of("envs", "run", "CartPole-v1", "--episodes", "zero").exitCode());
        assertEquals(2, CliRun.of("envs", "frobnicate").exitCode());
        assertEquals(2, CliRun.of().exitCode());
        CliRun unknown = CliRun.of("envs", "run", "CartPol-v1");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("closest known: CartPole-v1"), unknown.err());
        assertEquals(0, CliRun.of("--help").exitCode());
        assertEquals(0, CliRun.of("envs", "check", "--help").exitCode());
    }
}
