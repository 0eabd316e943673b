package ai.engram.agent.maml;

import ai.engram.env.Env;
import ai.engram.env.StepOutcome;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Whole episodes of one task under one policy, stored episode after episode: observations
 * (steps x observation size), the sampled actions (before the environment clips them: their
 * log-probabilities are what the gradients need) and rewards.
 */
public record Rollouts(int observationSize, int actionSize, double[] observations, double[] actions, double[] rewards,
                       int[] episodeLengths) {

    public int steps() {
        return rewards.length;
    }

    /** The undiscounted return of each episode. */
    public double[] episodeReturns() {
        double[] returns = new double[episodeLengths.length];
        int t = 0;
        for (int e = 0; e < episodeLengths.length; e++) {
            for (int end = t + episodeLengths[e]; t < end; t++) {
                returns[e] += rewards[t];
            }
        }
        return returns;
    }

    public double meanReturn() {
        return Arrays.stream(episodeReturns()).average().orElse(Double.NaN);
    }

    /** What to collect: {@code episodes} episodes of the environment {@code env} makes, acting with {@code theta}. */
    public record Request(Supplier<Env> env, double[] theta, int episodes, long seed) {
    }

    /**
     * Runs the request's episodes side by side (one batched forward pass per step for all of them),
     * each on its own environment; the seed decides the environments' resets and the action noise.
     */
    public static Rollouts collect(GaussianMlp policy, Request request) {
        int obsSize = policy.observationSize();
        int actSize = policy.actionSize();
        int n = request.episodes();
        Env[] envs = new Env[n];
        Buffer[] episodes = new Buffer[n];
        float[] observation = new float[obsSize];
        double[] batch = new double[n * obsSize];
        SplittableRandom noise = new SplittableRandom(request.seed());
        double[] std = new double[actSize];
        for (int d = 0; d < actSize; d++) {
            std[d] = Math.exp(request.theta()[policy.logStdOffset() + d]);
        }
        try {
            for (int e = 0; e < n; e++) {
                envs[e] = request.env().get();
                envs[e].reset((request.seed() >>> 2) + e, observation, 0); // Gymnasium's seeds are non-negative
                episodes[e] = new Buffer(obsSize, actSize);
                episodes[e].observe(observation);
            }
            StepOutcome outcome = new StepOutcome();
            double[] action = new double[actSize];
            int[] active = new int[n];
            int running = n;
            for (int e = 0; e < n; e++) {
                active[e] = e;
            }
            while (running > 0) {
                for (int j = 0; j < running; j++) {
                    episodes[active[j]].lastObservation(batch, j * obsSize);
                }
                double[] mean = policy.forward(request.theta(), batch, running).mean();
                int kept = 0;
                for (int j = 0; j < running; j++) {
                    int e = active[j];
                    for (int d = 0; d < actSize; d++) {
                        action[d] = mean[j * actSize + d] + std[d] * noise.nextGaussian();
                    }
                    envs[e].step(action, 0, observation, 0, outcome);
                    episodes[e].act(action, outcome.reward);
                    if (!outcome.done()) {
                        episodes[e].observe(observation);
                        active[kept++] = e;
                    }
                }
                running = kept;
            }
        } finally {
            for (Env env : envs) {
                if (env != null) {
                    env.close();
                }
            }
        }
        return concatenate(obsSize, actSize, episodes);
    }

    private static Rollouts concatenate(int obsSize, int actSize, Buffer[] episodes) {
        int steps = Arrays.stream(episodes).mapToInt(b -> b.length).sum();
        double[] obs = new double[steps * obsSize];
        double[] act = new double[steps * actSize];
        double[] rew = new double[steps];
        int[] lengths = new int[episodes.length];
        int t = 0;
        for (int e = 0; e < episodes.length; e++) {
            Buffer b = episodes[e];
            System.arraycopy(b.observations, 0, obs, t * obsSize, b.length * obsSize);
            System.arraycopy(b.actions, 0, act, t * actSize, b.length * actSize);
            System.arraycopy(b.rewards, 0, rew, t, b.length);
            lengths[e] = b.length;
            t += b.length;
        }
        return new Rollouts(obsSize, actSize, obs, act, rew, lengths);
    }

    /** One episode as it grows. */
    private static final class Buffer {
        private final int obsSize;
        private final int actSize;
        private double[] observations;
        private double[] actions;
        private double[] rewards = new double[128];
        private int length;

        Buffer(int obsSize, int actSize) {
            this.obsSize = obsSize;
            this.actSize = actSize;
            observations = new double[128 * obsSize];
            actions = new double[128 * actSize];
        }

        /** The observation the next action acts on. */
        void observe(float[] observation) {
            if (length == rewards.length) {
                rewards = Arrays.copyOf(rewards, 2 * length);
                observations = Arrays.copyOf(observations, 2 * length * obsSize);
                actions = Arrays.copyOf(actions, 2 * length * actSize);
            }
            for (int i = 0; i < obsSize; i++) {
                observations[length * obsSize + i] = observation[i];
            }
        }

        void lastObservation(double[] out, int offset) {
            System.arraycopy(observations, length * obsSize, out, offset, obsSize);
        }

        void act(double[] action, double reward) {
            System.arraycopy(action, 0, actions, length * actSize, actSize);
            rewards[length] = reward;
            length++;
        }
    }
}
