package ai.engram.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.env.NumpyRandom;
import org.junit.jupiter.api.Test;

class ReturnsBenchTest {

    @Test
    void interquartileMeanKeepsTheMiddleHalfWeightingSplitPoints() {
        assertEquals(2.5, ReturnsBench.interquartileMean(new double[] {1, 2, 3, 4}), 1e-12);
        // n = 5: quartiles at 1.25 and 3.75 -> .75 * 2 + 3 + .75 * 4 over 2.5
        assertEquals((0.75 * 2 + 3 + 0.75 * 4) / 2.5, ReturnsBench.interquartileMean(new double[] {5, 1, 4, 2, 3}), 1e-12);
        assertEquals(3, ReturnsBench.interquartileMean(new double[] {-1000, 3, 3, 3, 1000}), 1e-12);
    }

    @Test
    void bootstrapIntervalsCoverTheTrueIqmAtAboutTheirLevel() {
        NumpyRandom random = new NumpyRandom(1);
        int trials = 300;
        int covered = 0;
        for (int t = 0; t < trials; t++) {
            double[] sample = new double[20];
            for (int i = 0; i < sample.length; i++) {
                sample[i] = random.nextDouble(); // uniform on [0, 1): the true IQM is 0.5
            }
            double[] ci = ReturnsBench.bootstrapInterval(sample, 0.95, 1000, t);
            assertTrue(ci[0] <= ci[1]);
            if (ci[0] <= 0.5 && 0.5 <= ci[1]) {
                covered++;
            }
        }
        assertTrue(covered >= 0.88 * trials, covered + " of " + trials + " intervals covered 0.5");
    }
}
