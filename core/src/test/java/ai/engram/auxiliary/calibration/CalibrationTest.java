package ai.engram.auxiliary.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.auxiliary.Classifier;
import ai.engram.data.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationTest {

    @Test
    void eceIsTheBinWeightedGapBetweenConfidenceAndAccuracy() {
        // two predictions at confidence 0.9 (one right), two at ~0.6 (both right)
        float ln9 = (float) Math.log(9);
        float ln15 = (float) Math.log(1.5);
        float[] logits = {ln9, 0, ln9, 0, ln15, 0, ln15, 0};
        Calibration.Report r = Calibration.report(logits, new int[] {0, 1, 0, 0}, 2, 1);
        assertEquals(0.75, r.accuracy(), 1e-12);
        assertEquals(0.5 * Math.abs(0.5 - 0.9) + 0.5 * Math.abs(1 - 0.6), r.ece(), 1e-6);
        assertEquals(0.4, r.mce(), 1e-6);
    }

    @Test
    void temperatureScalingFindsTheTemperatureThatMadeTheLogits() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        int n = 4000;
        int k = 5;
        float[] logits = new float[n * k];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double[] z = new double[k];
            double sum = 0;
            for (int c = 0; c < k; c++) {
                z[c] = 2 * random.nextGaussian();
                sum += Math.exp(z[c]);
            }
            // labels drawn from softmax(z), logits reported 3x too sharp: T = 3 recovers them
            double u = random.nextDouble() * sum;
            int y = 0;
            for (double acc = Math.exp(z[0]); acc < u && y < k - 1; acc += Math.exp(z[++y])) {
            }
            labels[i] = y;
            for (int c = 0; c < k; c++) {
                logits[i * k + c] = (float) (3 * z[c]);
            }
        }
        assertEquals(3.0, TemperatureScaling.fit(logits, labels, k), 0.3);
    }

    /**
     * The paper's claim: an MLP trained until it overfits is overconfident, and temperature scaling
     * cuts its test ECE (here by at least 60%) without changing its accuracy. 784-512-512-10 on
     * Fashion-MNIST: 4,000 training images for 25 epochs (100% training accuracy long before the
     * end), 5,000 to fit T as the paper held out, the 10,000 test images (measured: ECE 8.26% ->
     * 1.78%, T = 1.95, accuracy 84.37%).
     */
    @Test
    void temperatureScalingCutsTheEceOfAnOverfitMlp(@TempDir Path out) throws java.io.IOException {
        CalibrationStudy.Result r = CalibrationStudy.run(Datasets.load("fashion-mnist"),
                new CalibrationStudy.Config(
                        new Classifier.Recipe(new int[] {512, 512}, new Classifier.Training(25, 128, 1e-3, 0, 0)), 5000, 4000));
        System.out.println(CalibrationStudy.table("fashion-mnist", r, out).render());
        assertTrue(r.temperature() > 1, "an overfit network is overconfident: T = " + r.temperature());
        assertEquals(r.before().accuracy(), r.after().accuracy(), 1e-12);
        assertTrue(r.after().ece() <= 0.4 * r.before().ece(), "ECE " + r.before().ece() + " -> " + r.after().ece());
        assertTrue(r.after().nll() < r.before().nll());
        assertTrue(Files.size(out.resolve("reliability-uncalibrated.png")) > 1000);
    }
}
