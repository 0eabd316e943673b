package ai.engram.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.agent.dqn.DqnConfig;
import ai.engram.config.Presets;
import ai.engram.config.Settings;
import ai.engram.env.Env;
import ai.engram.env.Envs;
import ai.engram.env.VectorEnv;
import ai.engram.record.Checkpoints;
import ai.engram.train.RunConfig;
import ai.engram.train.TrainingLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints of runs of actors: one consistent snapshot of learner, replay and counters; a
 * resumed run continues from it and everything still adds up; a failing learner ends the run with
 * an error and a final checkpoint instead of a hang.
 */
class ActorCheckpointTest {

    private static final List<String> SMALL = List.of("total-steps=6000", "eval-every=1500", "eval-episodes=1",
            "learning-starts=500", "train-frequency=4", "gradient-steps=1", "batch-size=32", "hidden=[16]",
            "buffer-size=10000", "log-every=500", "checkpoint-every=2000");

    private record Run(Settings settings, RunConfig run, DqnConfig dqn) {
        static Run of(List<String> overrides) {
            List<String> all = new ArrayList<>(SMALL);
            all.addAll(overrides);
            Settings settings = new Settings(Presets.resolve("dqn", "CartPole-v1", all));
            RunConfig run = RunConfig.from(settings);
            DqnConfig dqn = DqnConfig.from(settings);
            settings.rejectUnread();
            return new Run(settings, run, dqn);
        }

        RunSupervisor.Setup setup(Path dir, Env evalEnv, Optional<ActorCheckpoint> resume, long stopAt) {
            return setup(dir, evalEnv, resume, stopAt, () -> Envs.make("CartPole-v1"));
        }

        RunSupervisor.Setup setup(Path dir, Env evalEnv, Optional<ActorCheckpoint> resume, long stopAt,
                                  Supplier<Env> env) {
            return new RunSupervisor.Setup(new TrainingLoop.RunInfo("ckpt", "dqn", "CartPole-v1", 4, dir), settings.render(), run,
                    dqn,
                    w -> VectorEnv.of(env, 2), 2, 4, evalEnv, resume, stopAt, new CompletableFuture<>());
        }
    }

    @Test
    void aStoppedRunOfActorsResumesFromOneConsistentSnapshot(@TempDir Path dir) throws Exception {
        Run small = Run.of(List.of());
        try (Env evalEnv = Envs.make("CartPole-v1")) {
            RunSupervisor.Outcome stopped = ActorRun.start(small.setup(dir, evalEnv, Optional.empty(), 3000), true)
                    .await(Duration.ofMinutes(5));
            assertFalse(stopped.loop().completed());
            assertTrue(stopped.loop().envSteps() >= 3000, "stopped at " + stopped.loop().envSteps());

            ActorCheckpoint c = assertInstanceOf(ActorCheckpoint.class, Checkpoints.read(dir.resolve("checkpoint")));
            // n-step 1: one transition per accepted env step, in the counters, the table and the limiter alike
            assertEquals(stopped.loop().envSteps(), c.counters().envSteps());
            assertEquals(c.counters().envSteps(), c.replay().inserted());
            assertEquals(c.replay().inserted(), c.limiter().inserts());
            // the learner learned from exactly the batches the limiter counted as sampled
            assertEquals(c.limiter().samples(), c.learner().updates() * small.dqn().batchSize());
            assertTrue(c.learner().updates() > 0);
            assertEquals(Files.size(dir.resolve("metrics.csv")), c.counters().metricsBytes());
            assertEquals(Files.size(dir.resolve("learner.csv")), c.counters().learnerBytes());

            RunSupervisor.Outcome resumed = ActorRun.start(small.setup(dir, evalEnv, Optional.of(c), Long.MAX_VALUE), true)
                    .await(Duration.ofMinutes(5));
            assertTrue(resumed.loop().completed());
            assertTrue(resumed.loop().envSteps() >= 6000);
            assertTrue(resumed.updates() > c.learner().updates(), "the learner went on from the checkpoint");
            assertEquals(resumed.loop().envSteps(), resumed.inserted(), "accepted steps and transitions agree");
            assertEquals(4, resumed.cutEpisodes(), "the 2 workers x 2 episodes under way at the checkpoint were cut");
            List<String[]> rows = Files.readAllLines(dir.resolve("metrics.csv")).stream().skip(1)
                    .map(l -> l.split(",", -1)).toList();
            assertEquals(resumed.loop().episodes(), rows.stream().filter(f -> !f[6].isEmpty()).count(),
                    "every episode recorded once");
            long[] steps = rows.stream().mapToLong(f -> Long.parseLong(f[4])).toArray();
            for (int i = 1; i < steps.length; i++) {
                assertTrue(steps[i] >= steps[i - 1], "env_step never goes back: row " + i);
            }
            assertEquals(4, rows.stream().filter(f -> !f[8].isEmpty()).count(), "evaluations at 1500, 3000, 4500, 6000");
            ActorCheckpoint last = (ActorCheckpoint) Checkpoints.read(dir.resolve("checkpoint"));
            assertEquals(resumed.loop().envSteps(), last.counters().envSteps(), "a final checkpoint at the end");
            List<String> learnerRows = Files.readAllLines(dir.resolve("learner.csv"));
            assertTrue(learnerRows.get(0).endsWith(",policy_lag"));
            assertTrue(learnerRows.stream().skip(1).anyMatch(l -> !l.endsWith(",")), "policy lag measured");
        }
    }

    @Test
    void aFailingLearnerEndsTheRunWithAnErrorAndAFinalCheckpoint(@TempDir Path dir) throws Exception {
        Run small = Run.of(List.of());
        try (Env evalEnv = Envs.make("CartPole-v1")) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> ActorRun.start(small.setup(dir, evalEnv, Optional.empty(), Long.MAX_VALUE, () -> new FaultyCartPole(FaultyCartPole.Fault.NAN_OBSERVATION, 400)),
                            true).await(Duration.ofMinutes(2)));
            String message = e.getCause().getMessage();
            assertTrue(message.contains("the learner failed: DQN's loss is NaN"), message);
            assertTrue(message.contains("non-finite observations or rewards; check the environment"), message);
            assertTrue(message.contains("a final checkpoint was written in " + dir.resolve("checkpoint")), message);
            ActorCheckpoint c = assertInstanceOf(ActorCheckpoint.class, Checkpoints.read(dir.resolve("checkpoint")));
            assertEquals(c.replay().inserted(), c.counters().envSteps());
            assertTrue(c.counters().envSteps() >= 500, "the replay's data up to the failure is kept");
            assertEquals(Files.size(dir.resolve("metrics.csv")), c.counters().metricsBytes());
        }
    }
}
