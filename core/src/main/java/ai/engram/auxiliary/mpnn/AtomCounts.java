package ai.engram.auxiliary.mpnn;

import java.util.List;

/** The baseline: least squares of a target on the molecule's H, C, N, O, F counts and an intercept. */
final class AtomCounts {

    private AtomCounts() {
    }

    static double[] fit(List<Molecule> ms, double[] y) {
        int k = Molecule.ELEMENTS.length + 1;
        double[][] a = new double[k][k + 1];
        for (int i = 0; i < ms.size(); i++) {
            double[] x = features(ms.get(i));
            for (int r = 0; r < k; r++) {
                for (int s = 0; s < k; s++) {
                    a[r][s] += x[r] * x[s];
                }
                a[r][k] += x[r] * y[i];
            }
        }
        for (int r = 0; r < k; r++) {
            a[r][r] += 1e-9; // F is absent from most training sets: keep the normal equations solvable
        }
        // Gauss-Jordan elimination with partial pivoting
        for (int col = 0; col < k; col++) {
            int pivot = col;
            for (int r = col + 1; r < k; r++) {
                pivot = Math.abs(a[r][col]) > Math.abs(a[pivot][col]) ? r : pivot;
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            for (int r = 0; r < k; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int s = col; s <= k; s++) {
                        a[r][s] -= f * a[col][s];
                    }
                }
            }
        }
        double[] beta = new double[k];
        for (int r = 0; r < k; r++) {
            beta[r] = a[r][k] / a[r][r];
        }
        return beta;
    }

    static double[] predict(double[] beta, List<Molecule> ms) {
        double[] out = new double[ms.size()];
        for (int i = 0; i < out.length; i++) {
            double[] x = features(ms.get(i));
            for (int j = 0; j < beta.length; j++) {
                out[i] += beta[j] * x[j];
            }
        }
        return out;
    }

    private static double[] features(Molecule m) {
        double[] x = new double[Molecule.ELEMENTS.length + 1];
        System.arraycopy(m.counts(), 0, x, 0, m.counts().length);
        x[x.length - 1] = 1;
        return x;
    }
}
