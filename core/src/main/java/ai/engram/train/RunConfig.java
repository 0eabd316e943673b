package ai.engram.train;

import ai.engram.auxiliary.Auxiliaries;
import ai.engram.config.Settings;

/**
 * What every training run has, whatever the agent.
 *
 * @param totalSteps      env steps to train for (all copies together)
 * @param numEnvs         copies of the environment stepped together
 * @param evalEvery       env steps between greedy evaluations
 * @param evalEpisodes    episodes per evaluation (on a separate environment instance)
 * @param checkpointEvery env steps between periodic checkpoints
 * @param logEvery        env steps between rows of learner.csv
 * @param auxiliary       the auxiliary learners attached to the run and their schedule
 */
public record RunConfig(long totalSteps, int numEnvs, long evalEvery, int evalEpisodes, long checkpointEvery, long logEvery,
                        Auxiliaries.Config auxiliary) {

    public static RunConfig from(Settings s) {
        return new RunConfig(
                s.longInteger("total-steps", 1),
                s.integer("num-envs", 1, 65_536),
                s.longInteger("eval-every", 1),
                s.integer("eval-episodes", 1, 100_000),
                s.longInteger("checkpoint-every", 1),
                s.longInteger("log-every", 1),
                Auxiliaries.Config.from(s));
    }
}
