package ai.engram.agent.dqn;

import ai.engram.replay.Transitions;

/**
 * The DQN update rule (Mnih et al. 2015), for one batch, on plain arrays:
 *
 * <pre>
 *   y_i     = r_i + discount_i * Q_target(s'_i, a*_i)      a*_i = argmax_a Q_online(s'_i, a) with double Q-learning,
 *                                                          argmax_a Q_target(s'_i, a) without
 *   delta_i = Q_online(s_i, a_i) - y_i
 *   L       = 1/B sum_i w_i loss(delta_i)                  loss = Huber (delta 1) or delta^2; w_i importance weights
 * </pre>
 *
 * where r_i is the n-step return and discount_i is gamma^n, or 0 if the episode terminated. The
 * result is dL/dQ_online(s_i, .), zero except at a_i, for the network's backward pass.
 */
final class DqnLoss {

    private DqnLoss() {
    }

    /** Loss, mean Q(s, a) and the TD errors (for priorities) of one batch. */
    record Stats(double loss, double meanQ) {
    }

    /**
     * @param q           Q_online(s, .), batch x actions row-major
     * @param qNextTarget Q_target(s', .)
     * @param qNextOnline Q_online(s', .), or null without double Q-learning
     * @param gradient    receives dL/dQ_online(s, .)
     * @param tdErrors    receives delta_i
     */
    static Stats compute(float[] q, float[] qNextTarget, float[] qNextOnline, Transitions batch, int actions,
                         boolean huber, float[] gradient, float[] tdErrors) {
        int b = batch.size;
        double loss = 0;
        double sumQ = 0;
        java.util.Arrays.fill(gradient, 0, b * actions, 0f);
        for (int i = 0; i < b; i++) {
            int row = i * actions;
            int next = argmax(qNextOnline != null ? qNextOnline : qNextTarget, row, actions);
            double y = batch.reward[i] + batch.discount[i] * (double) qNextTarget[row + next];
            int a = (int) batch.action[i];
            double qsa = q[row + a];
            double delta = qsa - y;
            double w = batch.weight[i];
            if (huber) {
                double abs = Math.abs(delta);
                loss += w * (abs < 1 ? 0.5 * delta * delta : abs - 0.5);
                gradient[row + a] = (float) (w * Math.max(-1, Math.min(1, delta)) / b);
            } else {
                loss += w * delta * delta;
                gradient[row + a] = (float) (w * 2 * delta / b);
            }
            tdErrors[i] = (float) delta;
            sumQ += qsa;
        }
        return new Stats(loss / b, sumQ / b);
    }

    /** The first index of the largest of values[from .. from + n). */
    static int argmax(float[] values, int from, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (values[from + j] > values[from + best]) {
                best = j;
            }
        }
        return best;
    }
}
