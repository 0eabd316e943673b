package ai.engram.agent.maml;

/**
 * rllab's LinearFeatureBaseline, which the MAML code fits per task: a ridge regression of the
 * discounted returns on [obs, obs^2, t/100, (t/100)^2, (t/100)^3, 1] (observations clipped to
 * [-10, 10]); the ridge starts at 1e-5 and grows tenfold while the solve fails.
 */
final class LinearFeatureBaseline {

    private LinearFeatureBaseline() {
    }

    /** Fits on {@code rollouts}' discounted {@code returns} and predicts the baseline at every step. */
    static double[] fitAndPredict(Rollouts rollouts, double[] returns) {
        int obsSize = rollouts.observationSize();
        int k = 2 * obsSize + 4;
        int steps = rollouts.steps();
        double[] features = new double[steps * k];
        int t = 0;
        for (int length : rollouts.episodeLengths()) {
            for (int step = 0; step < length; step++, t++) {
                int row = t * k;
                for (int i = 0; i < obsSize; i++) {
                    double o = Math.min(Math.max(rollouts.observations()[t * obsSize + i], -10), 10);
                    features[row + i] = o;
                    features[row + obsSize + i] = o * o;
                }
                double time = step / 100.0;
                features[row + 2 * obsSize] = time;
                features[row + 2 * obsSize + 1] = time * time;
                features[row + 2 * obsSize + 2] = time * time * time;
                features[row + 2 * obsSize + 3] = 1;
            }
        }
        double[] gram = new double[k * k];
        double[] rhs = new double[k];
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < k; i++) {
                double fi = features[s * k + i];
                rhs[i] += fi * returns[s];
                for (int j = 0; j < k; j++) {
                    gram[i * k + j] += fi * features[s * k + j];
                }
            }
        }
        double[] coefficients = null;
        for (double ridge = 1e-5; coefficients == null && ridge < 1e5; ridge *= 10) {
            coefficients = solveSpd(gram, rhs, k, ridge);
        }
        double[] baseline = new double[steps];
        if (coefficients != null) {
            for (int s = 0; s < steps; s++) {
                for (int i = 0; i < k; i++) {
                    baseline[s] += features[s * k + i] * coefficients[i];
                }
            }
        }
        return baseline;
    }

    /** (A + ridge I) x = b by Cholesky; null when A + ridge I is not numerically positive definite. */
    private static double[] solveSpd(double[] a, double[] b, int k, double ridge) {
        double[] l = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * k + j] + (i == j ? ridge : 0);
                for (int m = 0; m < j; m++) {
                    s -= l[i * k + m] * l[j * k + m];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return null;
                    }
                    l[i * k + i] = Math.sqrt(s);
                } else {
                    l[i * k + j] = s / l[j * k + j];
                }
            }
        }
        double[] y = new double[k];
        for (int i = 0; i < k; i++) {
            double s = b[i];
            for (int m = 0; m < i; m++) {
                s -= l[i * k + m] * y[m];
            }
            y[i] = s / l[i * k + i];
        }
        double[] x = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double s = y[i];
            for (int m = i + 1; m < k; m++) {
                s -= l[m * k + i] * x[m];
            }
            x[i] = s / l[i * k + i];
        }
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return null;
            }
        }
        return x;
    }
}
