package ai.engram.env.classic;

import ai.engram.env.Box;
import ai.engram.env.NumpyRandom;
import ai.engram.env.StepOutcome;

/**
 * Gymnasium's {@code Pendulum-v1}: swing a pendulum up with a torque in [-2, 2] (clipped).
 * Observation (cos theta, sin theta, theta dot); reward -(theta^2 + 0.1 theta_dot^2 + 0.001 u^2)
 * with theta normalized to [-pi, pi); never terminates; truncated at 200 steps. g = 10 (Gymnasium's
 * {@code g} argument changes it, as the task families of meta-learning do).
 */
public final class Pendulum extends ClassicControlEnv {

    public static final String ID = "Pendulum-v1";

    private static final double MAX_SPEED = 8;
    private static final double MAX_TORQUE = 2.0;
    private static final double DT = 0.05;
    private static final double M = 1.0;
    private static final double L = 1.0;

    private final double g;

    public Pendulum() {
        this(10.0, 200);
    }

    /** Gymnasium's {@code gym.make("Pendulum-v1", g=g, max_episode_steps=maxEpisodeSteps)}. */
    public Pendulum(double g, int maxEpisodeSteps) {
        super(2, Box.of(new double[] {-1, -1, -MAX_SPEED}, new double[] {1, 1, MAX_SPEED}),
                Box.of(new double[] {-MAX_TORQUE}, new double[] {MAX_TORQUE}), maxEpisodeSteps);
        if (!(g > 0) || maxEpisodeSteps < 1) {
            throw new IllegalArgumentException("Pendulum needs g > 0 and max episode steps >= 1, got g = " + g
                    + " and " + maxEpisodeSteps);
        }
        this.g = g;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    protected void resetState(NumpyRandom random) {
        state[0] = random.uniform(-Math.PI, Math.PI);
        state[1] = random.uniform(-1.0, 1.0);
    }

    @Override
    protected void advance(double[] action, int offset, StepOutcome outcome) {
        double th = state[0];
        double thDot = state[1];
        double u = Math.min(Math.max(action[offset], -MAX_TORQUE), MAX_TORQUE);
        double normalized = angleNormalize(th);
        double costs = normalized * normalized + 0.1 * (thDot * thDot) + 0.001 * (u * u);
        double newThDot = thDot + (3 * g / (2 * L) * Math.sin(th) + 3.0 / (M * L * L) * u) * DT;
        newThDot = Math.min(Math.max(newThDot, -MAX_SPEED), MAX_SPEED);
        state[0] = th + newThDot * DT;
        state[1] = newThDot;
        outcome.reward = -costs;
        outcome.terminated = false;
    }

    /** {@code ((x + pi) % (2 pi)) - pi} with Python's floored modulo. */
    static double angleNormalize(double x) {
        double period = 2 * Math.PI;
        double r = (x + Math.PI) % period;
        if (r != 0 && r < 0) {
            r += period;
        }
        return r - Math.PI;
    }

    @Override
    protected void observe(float[] out, int offset) {
        out[offset] = (float) Math.cos(state[0]);
        out[offset + 1] = (float) Math.sin(state[0]);
        out[offset + 2] = (float) state[1];
    }
}
