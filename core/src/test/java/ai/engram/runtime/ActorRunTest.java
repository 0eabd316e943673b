package ai.engram.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.agent.dqn.DqnConfig;
import ai.engram.config.Presets;
import ai.engram.config.Settings;
import ai.engram.env.Env;
import ai.engram.env.Envs;
import ai.engram.env.VectorEnv;
import ai.engram.train.RunConfig;
import ai.engram.train.TrainingLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DQN trained by actors in one JVM (2 workers x 4 envs, every message serialized with Kryo as if
 * it crossed JVMs): the run completes, the rate limiter holds the configured samples per insert,
 * env steps and episodes add up, and the agent learns CartPole.
 */
class ActorRunTest {

    @Test
    void workersWhoseEnvironmentsThrowAreRestartedAndNothingAcceptedIsLost(@TempDir Path dir) throws Exception {
        Settings settings = new Settings(Presets.resolve("dqn", "CartPole-v1", List.of("total-steps=6000",
                "eval-every=6000", "eval-episodes=1", "learning-starts=500", "train-frequency=4", "gradient-steps=1",
                "batch-size=32", "hidden=[16]", "buffer-size=10000")));
        RunConfig run = RunConfig.from(settings);
        DqnConfig dqn = DqnConfig.from(settings);
        settings.rejectUnread();
        try (Env evalEnv = Envs.make("CartPole-v1")) {
            RunSupervisor.Setup setup = new RunSupervisor.Setup(
                    new TrainingLoop.RunInfo("flaky", "dqn", "CartPole-v1", 1, dir), settings.render(), run, dqn,
                    w -> VectorEnv.of(() -> new FaultyCartPole(FaultyCartPole.Fault.THROWS, 300), 2), 2, 4, evalEnv);
            RunSupervisor.Outcome outcome = ActorRun.start(setup, true).await(Duration.ofMinutes(5));

            assertTrue(outcome.loop().completed());
            assertTrue(outcome.restarts() >= 4, "restarts " + outcome.restarts());
            assertEquals(2L * outcome.restarts(), outcome.cutEpisodes(), "each restart cuts one episode per env");
            assertEquals(outcome.loop().envSteps(), outcome.inserted(), "accepted steps and transitions agree");
            List<String[]> rows = Files.readAllLines(dir.resolve("metrics.csv")).stream().skip(1)
                    .map(l -> l.split(",", -1)).filter(f -> !f[7].isEmpty()).toList();
            long lengths = rows.stream().mapToLong(f -> Long.parseLong(f[7])).sum();
            assertEquals(outcome.loop().episodes(), rows.size());
            assertTrue(lengths <= outcome.loop().envSteps(), lengths + " > " + outcome.loop().envSteps());
        }
    }

    @Test
    void dqnLearnsCartPoleThroughActorsWithEveryMessageSerialized(@TempDir Path dir) throws Exception {
        Settings settings = new Settings(Presets.resolve("dqn", "CartPole-v1", List.of("total-steps=30000",
                "eval-every=2500", "eval-episodes=5")));
        RunConfig run = RunConfig.from(settings);
        DqnConfig dqn = DqnConfig.from(settings);
        settings.rejectUnread();
        try (Env evalEnv = Envs.make("CartPole-v1")) {
            RunSupervisor.Setup setup = new RunSupervisor.Setup(
                    new TrainingLoop.RunInfo("actors", "dqn", "CartPole-v1", 1, dir), settings.render(), run, dqn,
                    w -> VectorEnv.of(() -> Envs.make("CartPole-v1"), 4), 2, 8, evalEnv);
            RunSupervisor.Outcome outcome = ActorRun.start(setup, true).await(Duration.ofMinutes(10));

            assertTrue(outcome.loop().completed());
            assertTrue(outcome.loop().envSteps() >= 30_000, "env steps " + outcome.loop().envSteps());
            double configured = (double) dqn.batchSize() * dqn.gradientSteps() / dqn.trainFrequency();
            assertEquals(configured, outcome.samplesPerInsert(), 0.1 * configured, "samples per insert");
            assertEquals(0, outcome.restarts());

            List<String[]> rows = Files.readAllLines(dir.resolve("metrics.csv")).stream().skip(1)
                    .map(l -> l.split(",", -1)).toList();
            long episodes = rows.stream().filter(f -> !f[6].isEmpty()).count();
            long lengths = rows.stream().filter(f -> !f[7].isEmpty()).mapToLong(f -> Long.parseLong(f[7])).sum();
            assertEquals(outcome.loop().episodes(), episodes);
            // every finished episode's steps were counted; unfinished ones are at most 8 envs x 500 steps
            assertTrue(lengths <= outcome.loop().envSteps() && lengths >= outcome.loop().envSteps() - 8 * 500,
                    lengths + " steps in episodes of " + outcome.loop().envSteps());
            double best = rows.stream().filter(f -> !f[8].isEmpty()).mapToDouble(f -> Double.parseDouble(f[8])).max()
                    .orElse(0);
            assertTrue(best >= 195, "best greedy evaluation " + best);
            // n-step 1: every accepted env step is one transition in replay
            assertEquals(outcome.loop().envSteps(), outcome.inserted());
            System.out.printf("actors: %d steps, %d updates, best eval %.1f, mean policy lag %.2f versions%n",
                    outcome.loop().envSteps(), outcome.updates(), best, outcome.meanPolicyLag());
        }
    }
}
