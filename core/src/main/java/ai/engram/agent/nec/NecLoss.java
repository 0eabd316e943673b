package ai.engram.agent.nec;

import java.util.Arrays;

/**
 * NEC's update rule (Pritzel et al. 2017), for one batch of (s, a, Q^N) from replay, on plain arrays:
 *
 * <pre>
 *   h        = embedding(s)
 *   k_i      = 1 / (||h - h_i||^2 + delta)              for the p nearest keys h_i in DND_a
 *   w_i      = k_i / sum_j k_j
 *   Q(s, a)  = sum_i w_i v_i
 *   L        = 1/B sum_b (Q(s_b, a_b) - Q^N_b)^2
 * </pre>
 *
 * and its gradients, which flow into the embedding (through h) and into the looked-up keys h_i and
 * values v_i. With W = sum_j k_j and dk_i/dd_i = -k_i^2 for d_i = ||h - h_i||^2:
 *
 * <pre>
 *   dQ/dv_i = w_i
 *   dQ/dh_i = 2 w_i k_i (v_i - Q) (h - h_i)
 *   dQ/dh   = -sum_i dQ/dh_i
 * </pre>
 */
final class NecLoss {

    private NecLoss() {
    }

    /**
     * Q = sum_i w_i v_i for the embedding {@code h[hOffset ..]} over {@code count} neighbours
     * ({@code keys} count x keySize row-major). When {@code dQdh} is not null, also writes dQ/dh
     * into it, dQ/dh_i into {@code dQdKeys} (count x keySize) and dQ/dv_i into {@code dQdValues}.
     * No neighbours (an empty dictionary) give Q = 0 and zero gradients.
     */
    static double q(double[] h, int hOffset, double[] keys, double[] values, int count, int keySize, double delta,
                    double[] dQdh, double[] dQdKeys, double[] dQdValues) {
        double[] kernel = new double[count];
        double sumKernel = 0;
        for (int i = 0; i < count; i++) {
            double d = 0;
            for (int j = 0; j < keySize; j++) {
                double x = h[hOffset + j] - keys[i * keySize + j];
                d += x * x;
            }
            kernel[i] = 1 / (d + delta);
            sumKernel += kernel[i];
        }
        double q = 0;
        for (int i = 0; i < count; i++) {
            q += kernel[i] / sumKernel * values[i];
        }
        if (dQdh != null) {
            Arrays.fill(dQdh, 0, keySize, 0);
            for (int i = 0; i < count; i++) {
                double w = kernel[i] / sumKernel;
                double scale = 2 * w * kernel[i] * (values[i] - q);
                for (int j = 0; j < keySize; j++) {
                    double g = scale * (h[hOffset + j] - keys[i * keySize + j]);
                    dQdKeys[i * keySize + j] = g;
                    dQdh[j] -= g;
                }
                dQdValues[i] = w;
            }
        }
        return q;
    }

    /** Loss and mean Q of one batch. */
    record Stats(double loss, double meanQ) {
    }

    /**
     * The loss of one batch and its gradients. Row b's neighbours in DND_{a_b} are in
     * {@code neighbours[b]}; the gradients go to {@code dLdh} (B x keySize, for the embedding's
     * backward pass), and to {@code keyGradients} (B x p x keySize) and {@code valueGradients}
     * (B x p) for the looked-up entries, in the order of {@code neighbours[b]}.
     */
    static Stats compute(float[] embeddings, int[] actions, float[] targets, int batch, Dnd[] dnds,
                         Dnd.Neighbours[] neighbours, int p, double delta, float[] dLdh, double[] keyGradients,
                         double[] valueGradients) {
        int keySize = dnds[0].keySize();
        double[] h = new double[keySize];
        double[] keys = new double[p * keySize];
        double[] values = new double[p];
        float[] key = new float[keySize];
        double[] dQdh = new double[keySize];
        double[] dQdKeys = new double[p * keySize];
        double[] dQdValues = new double[p];
        double loss = 0;
        double sumQ = 0;
        for (int b = 0; b < batch; b++) {
            Dnd dnd = dnds[actions[b]];
            Dnd.Neighbours nb = neighbours[b];
            for (int j = 0; j < keySize; j++) {
                h[j] = embeddings[b * keySize + j];
            }
            for (int i = 0; i < nb.count(); i++) {
                dnd.key(nb.slot(i), key, 0);
                for (int j = 0; j < keySize; j++) {
                    keys[i * keySize + j] = key[j];
                }
                values[i] = dnd.value(nb.slot(i));
            }
            double q = q(h, 0, keys, values, nb.count(), keySize, delta, dQdh, dQdKeys, dQdValues);
            double error = q - targets[b];
            loss += error * error;
            sumQ += q;
            double dLdq = 2 * error / batch;
            for (int j = 0; j < keySize; j++) {
                dLdh[b * keySize + j] = (float) (dLdq * dQdh[j]);
            }
            for (int i = 0; i < nb.count(); i++) {
                valueGradients[b * p + i] = dLdq * dQdValues[i];
                for (int j = 0; j < keySize; j++) {
                    keyGradients[(b * p + i) * keySize + j] = dLdq * dQdKeys[i * keySize + j];
                }
            }
        }
        return new Stats(loss / batch, sumQ / batch);
    }
}
