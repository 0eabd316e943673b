package ai.engram.agent.maml;

import ai.engram.env.Box;
import ai.engram.env.Env;
import ai.engram.env.StepOutcome;
import ai.engram.env.tasks.TaskDistribution;
import java.util.SplittableRandom;

/**
 * Collects a {@link Rollouts.Request}'s episodes of one task family under the Gaussian policy: what
 * every {@link TrajectorySampler}, a plain loop or an environment worker, runs.
 *
 * <p>With {@code normalizeActions} the policy acts in [-1, 1]: a sampled action a goes to the
 * environment as low + (a + 1) (high - low) / 2, clipped to the bounds, as rllab's {@code normalize}
 * wrapper does in the authors' code. Without it the environment gets a itself (and clips it). The
 * rollouts keep a, whose log-probability the gradients need, either way.
 */
public record EpisodeCollector(TaskDistribution<?> family, GaussianMlp policy, boolean normalizeActions) {

    /**
     * Runs the request's episodes side by side (one batched forward pass per step for all of them),
     * each on its own environment of the request's task.
     */
    public Rollouts collect(Rollouts.Request request) {
        int obsSize = policy.observationSize();
        int actSize = policy.actionSize();
        int n = request.episodes();
        Env[] envs = new Env[n];
        Rollouts.Buffer[] episodes = new Rollouts.Buffer[n];
        float[] observation = new float[obsSize];
        double[] batch = new double[n * obsSize];
        SplittableRandom noise = new SplittableRandom(request.seed());
        double[] std = new double[actSize];
        for (int d = 0; d < actSize; d++) {
            std[d] = Math.exp(request.theta()[policy.logStdOffset() + d]);
        }
        try {
            for (int e = 0; e < n; e++) {
                envs[e] = family.makeTask(request.task());
                envs[e].reset((request.seed() >>> 2) + e, observation, 0); // Gymnasium's seeds are non-negative
                episodes[e] = new Rollouts.Buffer(obsSize, actSize);
                episodes[e].observe(observation);
            }
            Box bounds = (Box) envs[0].actionSpace();
            StepOutcome outcome = new StepOutcome();
            double[] action = new double[actSize];
            double[] scaled = new double[actSize];
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
                        scaled[d] = normalizeActions
                                ? bounds.low(d) + (action[d] + 1) * 0.5 * (bounds.high(d) - bounds.low(d)) : action[d];
                    }
                    if (normalizeActions) {
                        bounds.clip(scaled, 0);
                    }
                    envs[e].step(scaled, 0, observation, 0, outcome);
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
        return Rollouts.concatenate(obsSize, actSize, episodes);
    }
}
