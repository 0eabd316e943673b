package ai.engram.env;

import java.util.Map;

/**
 * One environment with Gymnasium's semantics: {@code reset(seed)} and {@code step(action)} giving
 * observation, reward, terminated (failure or goal: do not bootstrap), truncated (time limit:
 * bootstrap) and info.
 *
 * <p>The primitive methods write into caller-owned buffers, so stepping allocates nothing; the
 * {@link VectorEnv} and the agents use those. {@link #reset(long)} and {@link #step(double...)}
 * are the allocating conveniences for scripts and tests.
 *
 * <p>Actions are flat {@code double} arrays: a discrete action is one whole number, a continuous
 * one {@code actionSpace().flatSize()} numbers. Observations are {@code float} (Gymnasium's
 * float32).
 */
public interface Env extends AutoCloseable {

    String id();

    Space observationSpace();

    Space actionSpace();

    /** Gymnasium's {@code reset(seed=seed)}: reseeds the environment's generator, then resets. */
    void reset(long seed, float[] observation, int offset);

    /** Gymnasium's {@code reset()}: a new episode drawn from the generator as it stands. */
    void reset(float[] observation, int offset);

    /**
     * Applies the action at {@code action[actionOffset..]}, writes the next observation at
     * {@code observation[observationOffset..]} and the rest into {@code outcome}.
     */
    void step(double[] action, int actionOffset, float[] observation, int observationOffset, StepOutcome outcome);

    /** The info of the last reset or step; empty for the built-in environments. */
    default Map<String, Object> info() {
        return Map.of();
    }

    @Override
    default void close() {
    }

    default int observationSize() {
        return observationSpace().flatSize();
    }

    default float[] reset(long seed) {
        float[] obs = new float[observationSize()];
        reset(seed, obs, 0);
        return obs;
    }

    default Step step(double... action) {
        if (action.length != actionSpace().flatSize()) {
            throw new IllegalArgumentException(id() + " takes actions of " + actionSpace().flatSize()
                    + " number(s) (" + actionSpace() + "), got " + action.length);
        }
        float[] obs = new float[observationSize()];
        StepOutcome outcome = new StepOutcome();
        step(action, 0, obs, 0, outcome);
        return new Step(obs, outcome.reward, outcome.terminated, outcome.truncated, info());
    }

    /** What one {@link #step(double...)} returns. */
    record Step(float[] observation, double reward, boolean terminated, boolean truncated, Map<String, Object> info) {
        public boolean done() {
            return terminated || truncated;
        }
    }
}
