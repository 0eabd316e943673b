package ai.engram.agent;

import java.util.Map;

/**
 * What the training loop drives, whatever the algorithm: act on a vector env's observations, observe
 * what came of it, learn on the agent's own schedule, and save or restore everything for a
 * checkpoint. The single-process loop and the actor runtime both drive agents through it.
 */
public interface Agent {

    /** Exploring actions for a batch of observations, at global env step {@code envStep}. */
    void act(float[] observations, int count, long envStep, double[] actions);

    /** The greedy policy, for evaluation. */
    Policy greedyPolicy();

    /**
     * One env step of copy {@code env}: it acted {@code action} on {@code observation}, got
     * {@code reward}, then observed {@code nextObservation} (the final one if the episode ended).
     */
    void observe(int env, float[] observation, int observationOffset, double[] action, int actionOffset, double reward,
                 float[] nextObservation, int nextObservationOffset, boolean terminated, boolean truncated);

    /**
     * Copy {@code env}'s episode was cut without an end (a resumed run whose environments could not
     * be restored, or a worker whose environment crashed, starts a new one): drop whatever the agent
     * holds of the unfinished episode.
     */
    void episodeCut(int env);

    /** Called once per vector step, after every copy was observed; learns when the schedule says so. */
    void learn(long envStep);

    /** The latest learner metrics (loss, mean Q, ...), averaged since the previous call. */
    Map<String, Double> drainMetrics();

    /** Everything the agent needs to continue exactly where it stands. */
    Object saveState();

    void restoreState(Object state);

    /** The learner's network and replay data for auxiliary learners, if this agent has them. */
    default java.util.Optional<LearnerView> learnerView() {
        return java.util.Optional.empty();
    }
}
