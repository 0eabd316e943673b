package ai.engram.env.classic;

import ai.engram.env.Box;
import ai.engram.env.NumpyRandom;
import ai.engram.env.StepOutcome;

/**
 * Gymnasium's {@code MountainCarContinuous-v0}: a force in [-1, 1] (clipped) drives the car.
 * Reward 100 on reaching position >= 0.45, minus 0.1 a^2 per step on the unclipped action;
 * truncated at 999 steps. Gymnasium keeps this state in float32 between steps, so do we.
 */
public final class MountainCarContinuous extends ClassicControlEnv {

    public static final String ID = "MountainCarContinuous-v0";

    private static final double MIN_ACTION = -1.0;
    private static final double MAX_ACTION = 1.0;
    private static final double GOAL_POSITION = 0.45;
    private static final double POWER = 0.0015;

    public MountainCarContinuous() {
        super(2, MountainCar.positionVelocityBox(), Box.of(new double[] {MIN_ACTION}, new double[] {MAX_ACTION}), 999);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    protected void resetState(NumpyRandom random) {
        MountainCar.resetInValley(state, random);
    }

    @Override
    protected void advance(double[] action, int offset, StepOutcome outcome) {
        double a = action[offset];
        double force = Math.min(Math.max(a, MIN_ACTION), MAX_ACTION);
        MountainCar.move(state, state[1] + (force * POWER - 0.0025 * Math.cos(3 * state[0])));
        outcome.terminated = state[0] >= GOAL_POSITION && state[1] >= 0;
        outcome.reward = (outcome.terminated ? 100.0 : 0.0) - a * a * 0.1; // Gymnasium charges the unclipped action
        state[0] = f32(state[0]);
        state[1] = f32(state[1]);
    }

    @Override
    protected void observe(float[] out, int offset) {
        out[offset] = (float) state[0];
        out[offset + 1] = (float) state[1];
    }
}
