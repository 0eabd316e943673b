package ai.engram.env.classic;

import ai.engram.env.Discrete;
import ai.engram.env.Env;
import ai.engram.env.NumpyRandom;
import ai.engram.env.Space;
import ai.engram.env.StepOutcome;
import java.util.Arrays;

/**
 * What the five classic-control environments share: a float64 physical state (Gymnasium's
 * {@code env.unwrapped.state}), numpy's generator seeded as Gymnasium seeds it (so
 * {@code reset(seed)} gives Gymnasium's initial state bit for bit), and Gymnasium's
 * {@code TimeLimit} wrapper folded in (truncation after {@link #maxEpisodeSteps()} steps).
 *
 * <p>Subclasses give the dynamics in {@link #advance}, reading and writing {@link #state}.
 */
public abstract sealed class ClassicControlEnv implements Env
        permits CartPole, MountainCar, MountainCarContinuous, Acrobot, Pendulum {

    /** The physical state, exactly as Gymnasium's {@code env.unwrapped.state}. */
    protected final double[] state;
    private final Space observationSpace;
    private final Space actionSpace;
    private final int maxEpisodeSteps;
    private NumpyRandom random = new NumpyRandom(new java.util.SplittableRandom().nextLong() >>> 1);
    private int elapsedSteps;
    private boolean needsReset = true;

    protected ClassicControlEnv(int stateSize, Space observationSpace, Space actionSpace, int maxEpisodeSteps) {
        this.state = new double[stateSize];
        this.observationSpace = observationSpace;
        this.actionSpace = actionSpace;
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    /** Draws a fresh initial state into {@link #state} with Gymnasium's draws from numpy's generator. */
    protected abstract void resetState(NumpyRandom random);

    /** Writes the observation of the current state at {@code out[offset..]}. */
    protected abstract void observe(float[] out, int offset);

    /**
     * Advances {@link #state} by one step under {@code action[offset..]}, sets the reward and
     * {@code terminated} in {@code outcome} (never {@code truncated}: the time limit is ours).
     */
    protected abstract void advance(double[] action, int offset, StepOutcome outcome);

    @Override
    public final Space observationSpace() {
        return observationSpace;
    }

    @Override
    public final Space actionSpace() {
        return actionSpace;
    }

    /** Gymnasium's {@code max_episode_steps} for this id: the step at which episodes are truncated. */
    public final int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    @Override
    public final void reset(long seed, float[] observation, int offset) {
        random = new NumpyRandom(seed);
        reset(observation, offset);
    }

    @Override
    public final void reset(float[] observation, int offset) {
        resetState(random);
        elapsedSteps = 0;
        needsReset = false;
        observe(observation, offset);
    }

    @Override
    public final void step(double[] action, int actionOffset, float[] observation, int observationOffset,
                           StepOutcome outcome) {
        if (needsReset) {
            throw new IllegalStateException(id() + ": call reset() before step() and after an episode ends");
        }
        if (actionSpace instanceof Discrete discrete && !discrete.contains(action, actionOffset)) {
            throw new IllegalArgumentException(id() + ": action " + action[actionOffset] + " is not in " + actionSpace);
        }
        outcome.truncated = false;
        advance(action, actionOffset, outcome);
        elapsedSteps++;
        if (!outcome.terminated && elapsedSteps >= maxEpisodeSteps) {
            outcome.truncated = true;
        }
        needsReset = outcome.terminated || outcome.truncated;
        observe(observation, observationOffset);
    }

    /** A copy of the physical state. */
    public final double[] state() {
        return state.clone();
    }

    /**
     * Overwrites the physical state mid-episode, as {@code env.unwrapped.state = s} does in
     * Gymnasium; the episode's step count (and so the time limit) is kept. Replays recorded
     * trajectories from their recorded states.
     */
    public final void setState(double[] newState) {
        if (needsReset) {
            throw new IllegalStateException(id() + ": reset() before setting the state of an episode");
        }
        if (newState.length != state.length) {
            throw new IllegalArgumentException(id() + " has a state of " + state.length + " numbers, got "
                    + newState.length + ": " + Arrays.toString(newState));
        }
        System.arraycopy(newState, 0, state, 0, state.length);
    }

    /** Everything that decides this environment's future: physical state, step count, generator. */
    public record Snapshot(double[] state, int elapsedSteps, boolean needsReset, long[] random) {
    }

    public final Snapshot save() {
        return new Snapshot(state.clone(), elapsedSteps, needsReset, random.state());
    }

    public final void restore(Snapshot snapshot) {
        if (snapshot.state().length != state.length) {
            throw new IllegalArgumentException(id() + " has a state of " + state.length + " numbers, the snapshot "
                    + snapshot.state().length);
        }
        System.arraycopy(snapshot.state(), 0, state, 0, state.length);
        elapsedSteps = snapshot.elapsedSteps();
        needsReset = snapshot.needsReset();
        random = NumpyRandom.fromState(snapshot.random());
    }

    /** The observation of the current state (allocates; for replays and tests). */
    public final float[] observation() {
        float[] out = new float[observationSpace.flatSize()];
        observe(out, 0);
        return out;
    }

    static double f32(double x) {
        return (float) x;
    }
}
