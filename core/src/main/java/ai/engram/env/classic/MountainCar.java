package ai.engram.env.classic;

import ai.engram.env.Box;
import ai.engram.env.Discrete;
import ai.engram.env.NumpyRandom;
import ai.engram.env.StepOutcome;

/**
 * Gymnasium's {@code MountainCar-v0} (Moore 1990): accelerate left (0), not at all (1) or right (2)
 * to drive an underpowered car up the right hill. Reward -1 per step; terminates at position
 * >= 0.5; truncated at 200 steps.
 */
public final class MountainCar extends ClassicControlEnv {

    public static final String ID = "MountainCar-v0";

    static final double MIN_POSITION = -1.2;
    static final double MAX_POSITION = 0.6;
    static final double MAX_SPEED = 0.07;
    private static final double GOAL_POSITION = 0.5;
    private static final double FORCE = 0.001;
    private static final double GRAVITY = 0.0025;

    public MountainCar() {
        super(2, positionVelocityBox(), new Discrete(3), 200);
    }

    static Box positionVelocityBox() {
        return Box.of(new double[] {f32(MIN_POSITION), f32(-MAX_SPEED)}, new double[] {f32(MAX_POSITION), f32(MAX_SPEED)});
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    protected void resetState(NumpyRandom random) {
        resetInValley(state, random);
    }

    @Override
    protected void advance(double[] action, int offset, StepOutcome outcome) {
        double position = state[0];
        move(state, state[1] + ((action[offset] - 1) * FORCE + Math.cos(3 * position) * (-GRAVITY)));
        outcome.terminated = state[0] >= GOAL_POSITION && state[1] >= 0;
        outcome.reward = -1.0;
    }

    /** Both mountain cars start at rest somewhere in the valley. */
    static void resetInValley(double[] state, NumpyRandom random) {
        state[0] = random.uniform(-0.6, -0.4);
        state[1] = 0;
    }

    /** What both mountain cars do with a new velocity: clip it, move, stop dead against the left wall. */
    static void move(double[] state, double newVelocity) {
        double velocity = Math.min(Math.max(newVelocity, -MAX_SPEED), MAX_SPEED);
        double position = Math.min(Math.max(state[0] + velocity, MIN_POSITION), MAX_POSITION);
        if (position == MIN_POSITION && velocity < 0) {
            velocity = 0;
        }
        state[0] = position;
        state[1] = velocity;
    }

    @Override
    protected void observe(float[] out, int offset) {
        out[offset] = (float) state[0];
        out[offset + 1] = (float) state[1];
    }
}
