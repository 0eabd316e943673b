package ai.engram.replay;

/**
 * Where finished transitions go: the {@link ReplayTable} itself in a single process, or a batch
 * that an environment worker sends to the replay buffer in the actor runtime.
 */
public interface TransitionSink {

    /** One transition, copied from the given arrays at the given offsets. */
    void insert(float[] observation, int observationOffset, double[] action, int actionOffset, double reward,
                double discount, float[] nextObservation, int nextObservationOffset);
}
