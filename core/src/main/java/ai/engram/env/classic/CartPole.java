package ai.engram.env.classic;

import ai.engram.env.Box;
import ai.engram.env.Discrete;
import ai.engram.env.NumpyRandom;
import ai.engram.env.StepOutcome;

/**
 * Gymnasium's {@code CartPole-v1} (Barto, Sutton and Anderson 1983): push a cart left (0) or right
 * (1) to keep a pole upright. Reward 1 per step including the terminating one; terminates when
 * |x| > 2.4 or |theta| > 12 degrees; truncated at 500 steps. Euler integration, tau = 0.02.
 */
public final class CartPole extends ClassicControlEnv {

    public static final String ID = "CartPole-v1";

    private static final double GRAVITY = 9.8;
    private static final double MASS_CART = 1.0;
    private static final double MASS_POLE = 0.1;
    private static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    private static final double LENGTH = 0.5; // half the pole's length
    private static final double POLE_MASS_LENGTH = MASS_POLE * LENGTH;
    private static final double FORCE_MAG = 10.0;
    private static final double TAU = 0.02;
    private static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
    private static final double X_THRESHOLD = 2.4;

    public CartPole() {
        super(4, observationBox(), new Discrete(2), 500);
    }

    private static Box observationBox() {
        double inf = Double.POSITIVE_INFINITY;
        double[] high = {f32(X_THRESHOLD * 2), inf, f32(THETA_THRESHOLD * 2), inf};
        return Box.of(new double[] {-high[0], -inf, -high[2], -inf}, high);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    protected void resetState(NumpyRandom random) {
        for (int i = 0; i < 4; i++) {
            state[i] = random.uniform(-0.05, 0.05);
        }
    }

    @Override
    protected void advance(double[] action, int offset, StepOutcome outcome) {
        double x = state[0];
        double xDot = state[1];
        double theta = state[2];
        double thetaDot = state[3];
        double force = action[offset] == 1 ? FORCE_MAG : -FORCE_MAG;
        double cosTheta = Math.cos(theta);
        double sinTheta = Math.sin(theta);
        double temp = (force + POLE_MASS_LENGTH * (thetaDot * thetaDot) * sinTheta) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sinTheta - cosTheta * temp)
                / (LENGTH * (4.0 / 3.0 - MASS_POLE * (cosTheta * cosTheta) / TOTAL_MASS));
        double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cosTheta / TOTAL_MASS;
        state[0] = x + TAU * xDot;
        state[1] = xDot + TAU * xAcc;
        state[2] = theta + TAU * thetaDot;
        state[3] = thetaDot + TAU * thetaAcc;
        outcome.terminated = state[0] < -X_THRESHOLD || state[0] > X_THRESHOLD
                || state[2] < -THETA_THRESHOLD || state[2] > THETA_THRESHOLD;
        outcome.reward = 1.0;
    }

    @Override
    protected void observe(float[] out, int offset) {
        out[offset] = (float) state[0];
        out[offset + 1] = (float) state[1];
        out[offset + 2] = (float) state[2];
        out[offset + 3] = (float) state[3];
    }
}
