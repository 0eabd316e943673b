package ai.engram.agent.nec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** NEC's Q(h) = sum_i w_i v_i differentiated by hand, against central finite differences in double precision. */
class NecGradientTest {

    private static final int P = 7;
    private static final int DIM = 5;
    private static final double DELTA = 1e-3;

    private static double[] gaussian(int n, double scale, SplittableRandom random) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = scale * random.nextGaussian();
        }
        return out;
    }

    private static double q(double[] h, double[] keys, double[] values) {
        return NecLoss.q(h, 0, keys, values, P, DIM, DELTA, null, null, null);
    }

    /** (f(x + eps) - f(x - eps)) / 2 eps for coordinate i of x. */
    private static double numeric(double[] x, int i, java.util.function.DoubleSupplier f) {
        double eps = 1e-6;
        double saved = x[i];
        x[i] = saved + eps;
        double up = f.getAsDouble();
        x[i] = saved - eps;
        double down = f.getAsDouble();
        x[i] = saved;
        return (up - down) / (2 * eps);
    }

    @Test
    void gradientsWithRespectToEmbeddingKeysAndValuesMatchFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 5; trial++) {
            double[] h = gaussian(DIM, 1, random);
            double[] keys = gaussian(P * DIM, 1, random);
            double[] values = gaussian(P, 10, random);
            double[] dQdh = new double[DIM];
            double[] dQdKeys = new double[P * DIM];
            double[] dQdValues = new double[P];
            double q = NecLoss.q(h, 0, keys, values, P, DIM, DELTA, dQdh, dQdKeys, dQdValues);
            assertEquals(q(h, keys, values), q, 0, "the same Q with and without gradients");
            for (int j = 0; j < DIM; j++) {
                assertClose(numeric(h, j, () -> q(h, keys, values)), dQdh[j], "dQ/dh[" + j + "]");
            }
            for (int i = 0; i < P * DIM; i++) {
                assertClose(numeric(keys, i, () -> q(h, keys, values)), dQdKeys[i], "dQ/dh_i[" + i + "]");
            }
            for (int i = 0; i < P; i++) {
                assertClose(numeric(values, i, () -> q(h, keys, values)), dQdValues[i], "dQ/dv[" + i + "]");
            }
        }
    }

    @Test
    void aKeyAtTheQueryDominatesTheEstimate() {
        double[] h = {1, 2, 3, 4, 5};
        double[] keys = new double[P * DIM];
        for (int i = 0; i < P * DIM; i++) {
            keys[i] = 10 + i;
        }
        System.arraycopy(h, 0, keys, 3 * DIM, DIM);
        double[] values = {1, 2, 3, 42, 5, 6, 7};
        assertEquals(42, q(h, keys, values), 1e-3, "k = 1/delta for the exact match against ~1/100 for the others");
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-6 * Math.max(1, Math.abs(expected)), what);
    }
}
