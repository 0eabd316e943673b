package ai.engram.bench;

import ai.engram.agent.dqn.DqnActor;
import ai.engram.agent.dqn.DqnAgent;
import ai.engram.agent.dqn.DqnConfig;
import ai.engram.agent.dqn.DqnLearner;
import ai.engram.agent.rl4j.Rl4jDqnBaseline;
import ai.engram.config.Presets;
import ai.engram.config.Settings;
import ai.engram.env.Envs;
import ai.engram.env.VectorEnv;
import ai.engram.env.classic.CartPole;
import ai.engram.nn.Network;
import ai.engram.replay.Transitions;
import ai.engram.train.Progress;
import ai.engram.train.RunConfig;
import ai.engram.train.TrainingLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DQN's speed: a whole training run with CleanRL's CartPole settings (dqn.py's defaults), the
 * latency of acting on one observation, and of one learner update at several batch sizes.
 */
public final class DqnBench {

    /** CleanRL dqn.py's defaults for CartPole-v1, in Engram's keys. */
    public static final List<String> CLEANRL = List.of("hidden=[120, 84]", "batch-size=128", "train-frequency=10",
            "gradient-steps=1", "target-update-interval=500", "buffer-size=10000", "learning-starts=10000",
            "learning-rate=2.5e-4", "loss=mse", "double-q=false", "max-grad-norm=Infinity", "exploration-end=0.05",
            "exploration-fraction=0.5", "gamma=0.99", "tau=1.0");

    private DqnBench() {
    }

    /** Env steps per second over a whole CleanRL-settings run of {@code steps} env steps, evaluation included. */
    public static Measurement wholeRun(long steps, long seed) {
        List<String> sets = new ArrayList<>(CLEANRL);
        sets.addAll(List.of("total-steps=" + steps, "eval-every=" + steps, "checkpoint-every=" + steps,
                "log-every=" + Math.max(1, steps / 50)));
        Settings settings = new Settings(Presets.resolve("dqn", CartPole.ID, sets));
        RunConfig run = RunConfig.from(settings);
        Path dir = temporaryDirectory();
        try (VectorEnv envs = VectorEnv.of(CartPole::new, 1); var evalEnv = Envs.make(CartPole.ID)) {
            DqnAgent agent = new DqnAgent(DqnConfig.from(settings), envs.observationSpace(), envs.actionSpace(), 1,
                    run.totalSteps(), seed);
            settings.rejectUnread();
            TrainingLoop loop = new TrainingLoop(new TrainingLoop.RunInfo("bench", "dqn", CartPole.ID, seed, dir), run,
                    agent, envs, evalEnv, Progress.SILENT);
            long start = System.nanoTime();
            TrainingLoop.Outcome outcome = loop.run(Optional.empty());
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("settings", "cleanrl");
            p.put("env", CartPole.ID);
            p.put("steps", steps);
            p.put("updates", agent.learner().updates());
            p.put("final_eval_return", outcome.lastEvalReturn());
            return new Measurement("dqn", p, "env_steps_per_s", outcome.envSteps() / seconds);
        } finally {
            deleteRecursively(dir);
        }
    }

    /**
     * RL4J's own DQN on the same environment with the nearest settings RL4J offers (two hidden layers
     * of 120, batch 128, target every 500, buffer 10k; RL4J trains on every step, so it does 10x the
     * updates of train-frequency 10), env steps per second over {@code steps} steps.
     */
    public static Measurement rl4j(long steps, long seed) {
        List<String> sets = List.of("total-steps=" + steps, "eval-every=" + steps, "eval-episodes=1",
                "log-every=" + steps, "hidden-nodes=120", "batch-size=128", "target-update-interval=500",
                "buffer-size=10000", "learning-rate=2.5e-4", "double-q=false");
        Settings settings = new Settings(Presets.resolve(Rl4jDqnBaseline.NAME, CartPole.ID, sets));
        Rl4jDqnBaseline baseline = new Rl4jDqnBaseline(settings, seed);
        settings.rejectUnread();
        Path dir = temporaryDirectory();
        try (var evalEnv = Envs.make(CartPole.ID)) {
            long start = System.nanoTime();
            TrainingLoop.Outcome outcome = baseline.run(new TrainingLoop.RunInfo("bench", Rl4jDqnBaseline.NAME, CartPole.ID,
                    seed, dir), () -> Envs.make(CartPole.ID), evalEnv, Progress.SILENT);
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("settings", "rl4j-nearest");
            p.put("env", CartPole.ID);
            p.put("steps", outcome.envSteps());
            return new Measurement("dqn-rl4j", p, "env_steps_per_s", outcome.envSteps() / seconds);
        } finally {
            deleteRecursively(dir);
        }
    }

    /** Microseconds to choose a greedy action for one observation, plain Java and (for scale) ND4J. */
    public static List<Measurement> actingLatency() {
        Settings settings = new Settings(Presets.resolve("dqn", CartPole.ID, CLEANRL));
        DqnConfig config = DqnConfig.from(settings);
        DqnLearner learner = new DqnLearner(config, 4, 2, 0);
        DqnActor actor = new DqnActor(learner.online().plainForward(), 4, 2, learner.snapshot(), 0);
        float[] obs = {0.01f, -0.02f, 0.03f, 0.04f};
        double[] action = new double[1];
        double plain = microsPerCall(200_000, i -> {
            obs[0] = (i & 7) * 0.01f;
            actor.act(obs, 1, action);
        });
        Network net = learner.online();
        double nd4j = microsPerCall(5_000, i -> {
            obs[0] = (i & 7) * 0.01f;
            net.forward(Nd4j.createFromArray(obs).reshape(1, 4));
        });
        return List.of(latency("us_per_action", "plain-java", 1, plain), latency("us_per_action", "nd4j", 1, nd4j));
    }

    /** Microseconds per learner update (sample-free: a fixed batch) at the given batch size. */
    public static Measurement updateLatency(int batchSize) {
        List<String> sets = new ArrayList<>(CLEANRL);
        sets.add("batch-size=" + batchSize);
        DqnConfig config = DqnConfig.from(new Settings(Presets.resolve("dqn", CartPole.ID, sets)));
        DqnLearner learner = new DqnLearner(config, 4, 2, 0);
        Transitions batch = new Transitions(batchSize, 4, 1);
        SplittableRandom random = new SplittableRandom(0);
        for (int i = 0; i < batchSize * 4; i++) {
            batch.observation[i] = (float) random.nextGaussian() * 0.1f;
            batch.nextObservation[i] = (float) random.nextGaussian() * 0.1f;
        }
        for (int i = 0; i < batchSize; i++) {
            batch.action[i] = random.nextInt(2);
            batch.reward[i] = 1;
            batch.discount[i] = 0.99f;
            batch.weight[i] = 1;
        }
        batch.size = batchSize;
        double us = microsPerCall(Math.max(200, 200_000 / batchSize), i -> learner.update(batch));
        return latency("us_per_update", "nd4j", batchSize, us);
    }

    private static Measurement latency(String figure, String backend, int batch, double us) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("settings", "cleanrl");
        p.put("network", "4-120-84-2");
        p.put("backend", backend);
        p.put("batch", batch);
        return new Measurement("dqn", p, figure, us);
    }

    /** Runs {@code body} for a warm-up third, then times the rest. */
    private static double microsPerCall(int calls, Consumer<Integer> body) {
        for (int i = 0; i < calls / 3; i++) {
            body.accept(i);
        }
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            body.accept(i);
        }
        return (System.nanoTime() - start) / 1e3 / calls;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("engram-bench-dqn");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
