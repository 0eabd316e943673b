package ai.engram.auxiliary.calibration;

/**
 * Temperature scaling (Guo et al. 2017, section 4.2): softmax(z / T) with the one scalar T > 0
 * that minimizes the NLL on a validation set. T does not change the argmax, so accuracy stays as
 * it was. NLL is convex in 1/T, hence unimodal in log T: a golden-section search finds T.
 */
public final class TemperatureScaling {

    private static final double LOG_LOW = Math.log(0.05);
    private static final double LOG_HIGH = Math.log(20);
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

    private TemperatureScaling() {
    }

    /** The temperature minimizing the NLL of {@code labels} under {@code logits} (n x classes). */
    public static double fit(float[] logits, int[] labels, int classes) {
        double a = LOG_LOW;
        double b = LOG_HIGH;
        double c = b - GOLDEN * (b - a);
        double d = a + GOLDEN * (b - a);
        double fc = Calibration.nll(logits, labels, classes, Math.exp(c));
        double fd = Calibration.nll(logits, labels, classes, Math.exp(d));
        while (b - a > 1e-5) {
            if (fc < fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - GOLDEN * (b - a);
                fc = Calibration.nll(logits, labels, classes, Math.exp(c));
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + GOLDEN * (b - a);
                fd = Calibration.nll(logits, labels, classes, Math.exp(d));
            }
        }
        return Math.exp((a + b) / 2);
    }
}
