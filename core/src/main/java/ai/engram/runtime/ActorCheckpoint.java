package ai.engram.runtime;

import ai.engram.agent.dqn.DqnLearner;
import ai.engram.replay.RateLimiter;
import ai.engram.replay.ReplayTable;

/**
 * A checkpoint of a run of actors, taken at one consistent point: the replay buffer frozen with the
 * learner idle, so the parameters and optimizer have learned from exactly the batches the rate
 * limiter counted as sampled, and the counters include exactly the batches the table holds.
 * Workers' unfinished episodes are not in it: a resumed run starts new ones and counts the old as cut.
 */
public record ActorCheckpoint(String agent, Counters counters, DqnLearner.State learner, ReplayTable.Snapshot replay,
                              RateLimiter.State limiter) {

    /**
     * The supervisor's counters and the byte lengths of its CSV files, so a resumed run cuts rows
     * written after the checkpoint. {@code envCopies} environments had episodes under way.
     */
    public record Counters(long envSteps, long episodes, long nextEvalAt, int evalRound, double lastEval,
                           long nextCheckpointAt, double wallSeconds, long metricsBytes, long learnerBytes,
                           long lagSum, long lagBatches, int restarts, long cutEpisodes, int envCopies) {
    }
}
