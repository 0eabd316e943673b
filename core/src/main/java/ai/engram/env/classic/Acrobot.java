package ai.engram.env.classic;

import ai.engram.env.Box;
import ai.engram.env.Discrete;
import ai.engram.env.NumpyRandom;
import ai.engram.env.StepOutcome;

/**
 * Gymnasium's {@code Acrobot-v1} (Sutton 1996, the book's dynamics): a two-link arm actuated at the
 * elbow with torque -1, 0 or +1, integrated by one RK4 step of dt = 0.2. Reward -1 per step, 0 on
 * the terminating one; terminates when the tip rises one link length above the base; truncated at
 * 500 steps.
 */
public final class Acrobot extends ClassicControlEnv {

    public static final String ID = "Acrobot-v1";

    private static final double DT = 0.2;
    private static final double LINK_LENGTH_1 = 1.0;
    private static final double LINK_MASS_1 = 1.0;
    private static final double LINK_MASS_2 = 1.0;
    private static final double LINK_COM_POS_1 = 0.5;
    private static final double LINK_COM_POS_2 = 0.5;
    private static final double LINK_MOI = 1.0;
    private static final double MAX_VEL_1 = 4 * Math.PI;
    private static final double MAX_VEL_2 = 9 * Math.PI;
    private static final double[] AVAILABLE_TORQUE = {-1.0, 0.0, 1.0};
    private static final double G = 9.8;

    /** RK4 scratch: the augmented state (theta1, theta2, dtheta1, dtheta2, torque) and its slopes. */
    private final double[] y = new double[5];
    private final double[] k1 = new double[4];
    private final double[] k2 = new double[4];
    private final double[] k3 = new double[4];
    private final double[] k4 = new double[4];
    private final double[] probe = new double[5];

    public Acrobot() {
        super(4, observationBox(), new Discrete(3), 500);
    }

    private static Box observationBox() {
        double[] high = {1, 1, 1, 1, f32(MAX_VEL_1), f32(MAX_VEL_2)};
        double[] low = new double[6];
        for (int i = 0; i < 6; i++) {
            low[i] = -high[i];
        }
        return Box.of(low, high);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    protected void resetState(NumpyRandom random) {
        for (int i = 0; i < 4; i++) {
            state[i] = f32(random.uniform(-0.1, 0.1)); // Gymnasium casts the draw to float32
        }
    }

    @Override
    protected void advance(double[] action, int offset, StepOutcome outcome) {
        System.arraycopy(state, 0, y, 0, 4);
        y[4] = AVAILABLE_TORQUE[(int) action[offset]];
        double dt = DT;
        double dt2 = dt / 2.0;
        derivatives(y, k1);
        shifted(y, k1, dt2);
        derivatives(probe, k2);
        shifted(y, k2, dt2);
        derivatives(probe, k3);
        shifted(y, k3, dt);
        derivatives(probe, k4);
        for (int i = 0; i < 4; i++) {
            state[i] = y[i] + dt / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        state[0] = wrap(state[0], -Math.PI, Math.PI);
        state[1] = wrap(state[1], -Math.PI, Math.PI);
        state[2] = Math.min(Math.max(state[2], -MAX_VEL_1), MAX_VEL_1);
        state[3] = Math.min(Math.max(state[3], -MAX_VEL_2), MAX_VEL_2);
        outcome.terminated = -Math.cos(state[0]) - Math.cos(state[1] + state[0]) > 1.0;
        outcome.reward = outcome.terminated ? 0.0 : -1.0;
    }

    /** probe = y + h * k on the four state entries; the torque rides along unchanged (its slope is 0). */
    private void shifted(double[] base, double[] slope, double h) {
        for (int i = 0; i < 4; i++) {
            probe[i] = base[i] + h * slope[i];
        }
        probe[4] = base[4];
    }

    /** Gymnasium's {@code _dsdt} for the "book" dynamics. */
    private static void derivatives(double[] s, double[] out) {
        double m1 = LINK_MASS_1;
        double m2 = LINK_MASS_2;
        double l1 = LINK_LENGTH_1;
        double lc1 = LINK_COM_POS_1;
        double lc2 = LINK_COM_POS_2;
        double i1 = LINK_MOI;
        double i2 = LINK_MOI;
        double theta1 = s[0];
        double theta2 = s[1];
        double dtheta1 = s[2];
        double dtheta2 = s[3];
        double a = s[4];
        double d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * Math.cos(theta2)) + i1 + i2;
        double d2 = m2 * (lc2 * lc2 + l1 * lc2 * Math.cos(theta2)) + i2;
        double phi2 = m2 * lc2 * G * Math.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * (dtheta2 * dtheta2) * Math.sin(theta2)
                - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.sin(theta2)
                + (m1 * lc1 + m2 * l1) * G * Math.cos(theta1 - Math.PI / 2)
                + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * Math.sin(theta2) - phi2)
                / (m2 * (lc2 * lc2) + i2 - (d2 * d2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        out[0] = dtheta1;
        out[1] = dtheta2;
        out[2] = ddtheta1;
        out[3] = ddtheta2;
    }

    /** Gymnasium's {@code wrap}: shifts x by whole periods into [m, M]. */
    static double wrap(double x, double m, double big) {
        double diff = big - m;
        while (x > big) {
            x = x - diff;
        }
        while (x < m) {
            x = x + diff;
        }
        return x;
    }

    @Override
    protected void observe(float[] out, int offset) {
        out[offset] = (float) Math.cos(state[0]);
        out[offset + 1] = (float) Math.sin(state[0]);
        out[offset + 2] = (float) Math.cos(state[1]);
        out[offset + 3] = (float) Math.sin(state[1]);
        out[offset + 4] = (float) state[2];
        out[offset + 5] = (float) state[3];
    }
}
