package ai.engram.train;

import ai.engram.env.Env;
import ai.engram.env.StepOutcome;

/**
 * The greedy evaluation every run does: the mean return over {@code episodes} episodes on a
 * separate environment instance, seeded by the run's seed and the evaluation round, so the
 * single-process loop, the actor runtime and the RL4J baseline evaluate on the same episodes.
 */
public final class Evaluation {

    private Evaluation() {
    }

    public static double meanReturn(Env env, VectorRollout.Acting policy, long runSeed, int round, int episodes) {
        float[] obs = new float[env.observationSize()];
        double[] action = new double[env.actionSpace().flatSize()];
        StepOutcome outcome = new StepOutcome();
        double total = 0;
        for (int e = 0; e < episodes; e++) {
            env.reset(runSeed * 1_000_003L + 1_000_000L + (long) round * episodes + e, obs, 0);
            do {
                policy.act(obs, 1, action);
                env.step(action, 0, obs, 0, outcome);
                total += outcome.reward;
            } while (!outcome.done());
        }
        return total / episodes;
    }
}
