package ai.engram.agent.maml;

import java.util.Arrays;

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

    /**
     * What to collect: {@code episodes} episodes of {@code task} (a task of the collector's family),
     * acting with {@code theta}; the seed decides the environments' resets and the action noise.
     * Plain data, so it can travel to an environment worker in another actor.
     */
    public record Request(Object task, double[] theta, int episodes, long seed) {
    }

    static Rollouts concatenate(int obsSize, int actSize, Buffer[] episodes) {
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
    static final class Buffer {
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
