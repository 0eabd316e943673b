package ai.engram.bench;

import ai.engram.env.Env;
import ai.engram.env.Envs;
import ai.engram.env.StepOutcome;
import ai.engram.env.VectorEnv;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Steps per second of one environment on the calling thread. Actions are drawn from the action
 * space ahead of time and cycled, so the figure is the environment's cost, not the policy's.
 */
public final class EnvThroughput {

    private static final int ACTION_ROWS = 1024;

    private EnvThroughput() {
    }

    /** {@code numEnvs == 1} steps one env directly; more steps a {@link VectorEnv} of that size. */
    public static Measurement measure(String envId, int numEnvs, double seconds, int repeats) {
        Stepper stepper = numEnvs == 1 ? single(Envs.make(envId)) : vector(VectorEnv.of(() -> Envs.make(envId), numEnvs));
        stepper.run(Math.max(0.5, seconds / 2)); // warm-up: JIT compilation
        double[] rates = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            rates[r] = stepper.run(seconds);
        }
        Arrays.sort(rates);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("env", envId);
        parameters.put("num_envs", numEnvs);
        parameters.put("threads", 1);
        return new Measurement("envs", parameters, "env_steps_per_s", rates[repeats / 2]);
    }

    /** Runs for about {@code seconds} and returns env steps per second. */
    private interface Stepper {
        double run(double seconds);
    }

    private static double[] actionRows(Env env, int perRow) {
        int size = env.actionSpace().flatSize();
        double[] actions = new double[ACTION_ROWS * perRow * size];
        SplittableRandom random = new SplittableRandom(0);
        for (int i = 0; i < ACTION_ROWS * perRow; i++) {
            env.actionSpace().sample(random, actions, i * size);
        }
        return actions;
    }

    private static Stepper single(Env env) {
        double[] actions = actionRows(env, 1);
        int actionSize = env.actionSpace().flatSize();
        float[] obs = new float[env.observationSize()];
        StepOutcome outcome = new StepOutcome();
        env.reset(0, obs, 0);
        return seconds -> rate(seconds, ACTION_ROWS, () -> {
            for (int i = 0; i < ACTION_ROWS; i++) {
                env.step(actions, i * actionSize, obs, 0, outcome);
                if (outcome.terminated || outcome.truncated) {
                    env.reset(obs, 0);
                }
            }
        });
    }

    private static Stepper vector(VectorEnv vector) {
        int rowLength = vector.numEnvs() * vector.actionSize();
        double[] all = actionRows(vector.env(0), vector.numEnvs());
        double[][] rows = new double[ACTION_ROWS][];
        for (int i = 0; i < ACTION_ROWS; i++) {
            rows[i] = Arrays.copyOfRange(all, i * rowLength, (i + 1) * rowLength);
        }
        vector.reset(0);
        return seconds -> rate(seconds, (long) ACTION_ROWS * vector.numEnvs(), () -> {
            for (double[] row : rows) {
                vector.step(row);
            }
        });
    }

    /** Repeats {@code round} (worth {@code stepsPerRound} env steps) for about {@code seconds}; returns steps per second. */
    private static double rate(double seconds, long stepsPerRound, Runnable round) {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long steps = 0;
        long now;
        do {
            round.run();
            steps += stepsPerRound;
            now = System.nanoTime();
        } while (now < deadline);
        return steps / ((now - start) / 1e9);
    }
}
