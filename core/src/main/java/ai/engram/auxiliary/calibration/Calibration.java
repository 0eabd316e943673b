package ai.engram.auxiliary.calibration;

/**
 * Guo et al. (2017), "On Calibration of Modern Neural Networks": how far a classifier's confidence
 * (its largest softmax probability) is from its accuracy. Predictions are grouped into M
 * equal-width confidence bins B_m = ((m-1)/M, m/M]; ECE = sum_m |B_m|/n |acc(B_m) - conf(B_m)|,
 * MCE = max_m |acc(B_m) - conf(B_m)| over non-empty bins, NLL = -mean log p(y|x).
 */
public final class Calibration {

    /** The paper's number of bins. */
    public static final int BINS = 15;

    private Calibration() {
    }

    /** Per bin: the number of predictions, their mean confidence and their accuracy (NaN when empty). */
    public record Reliability(int[] count, double[] confidence, double[] accuracy) {

        public int bins() {
            return count.length;
        }

        public double ece() {
            int n = java.util.Arrays.stream(count).sum();
            double sum = 0;
            for (int m = 0; m < bins(); m++) {
                if (count[m] > 0) {
                    sum += (double) count[m] / n * Math.abs(accuracy[m] - confidence[m]);
                }
            }
            return sum;
        }

        public double mce() {
            double max = 0;
            for (int m = 0; m < bins(); m++) {
                if (count[m] > 0) {
                    max = Math.max(max, Math.abs(accuracy[m] - confidence[m]));
                }
            }
            return max;
        }
    }

    /** What the paper's tables report for one set of predictions. */
    public record Report(double accuracy, double ece, double mce, double nll, Reliability reliability) {
    }

    /** Scores logits (n x classes, row-major) divided by {@code temperature} against their labels. */
    public static Report report(float[] logits, int[] labels, int classes, double temperature) {
        int n = labels.length;
        int[] count = new int[BINS];
        double[] confidence = new double[BINS];
        double[] correct = new double[BINS];
        double nll = 0;
        int right = 0;
        double[] p = new double[classes];
        for (int i = 0; i < n; i++) {
            double logZ = softmax(logits, i * classes, classes, temperature, p);
            nll -= logits[i * classes + labels[i]] / temperature - logZ;
            int predicted = 0;
            for (int c = 1; c < classes; c++) {
                if (p[c] > p[predicted]) {
                    predicted = c;
                }
            }
            // bin m holds confidences in ((m-1)/M, m/M]
            int m = Math.min(BINS - 1, Math.max(0, (int) Math.ceil(p[predicted] * BINS) - 1));
            count[m]++;
            confidence[m] += p[predicted];
            if (predicted == labels[i]) {
                correct[m]++;
                right++;
            }
        }
        double[] accuracy = new double[BINS];
        for (int m = 0; m < BINS; m++) {
            accuracy[m] = count[m] == 0 ? Double.NaN : correct[m] / count[m];
            confidence[m] = count[m] == 0 ? Double.NaN : confidence[m] / count[m];
        }
        Reliability r = new Reliability(count, confidence, accuracy);
        return new Report((double) right / n, r.ece(), r.mce(), nll / n, r);
    }

    /** Mean negative log-likelihood of the labels under softmax(logits / T). */
    public static double nll(float[] logits, int[] labels, int classes, double temperature) {
        double[] p = new double[classes];
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            sum -= logits[i * classes + labels[i]] / temperature - softmax(logits, i * classes, classes, temperature, p);
        }
        return sum / labels.length;
    }

    /** Writes softmax(z / T) into {@code p} and returns log sum exp(z / T), computed stably. */
    private static double softmax(float[] z, int offset, int classes, double temperature, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, z[offset + c] / temperature);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            p[c] = Math.exp(z[offset + c] / temperature - max);
            sum += p[c];
        }
        for (int c = 0; c < classes; c++) {
            p[c] /= sum;
        }
        return max + Math.log(sum);
    }
}
