package ai.engram.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every statistic against values worked out by hand, and the bootstrap against a known distribution. */
class StatisticsTest {

    @Test
    void iqmDropsTheLowestAndHighestQuarterAsScipysTrimMean() {
        assertEquals(2.5, Statistics.iqm(new double[] {4, 1, 3, 2}), 1e-12); // mean of 2, 3
        assertEquals(3, Statistics.iqm(new double[] {5, 1, 4, 2, 3}), 1e-12); // floor(5/4) = 1 cut: mean of 2, 3, 4
        assertEquals(4.5, Statistics.iqm(new double[] {1, 2, 3, 4, 5, 6, 7, 100}), 1e-12); // mean of 3..6
        assertEquals(3, Statistics.iqm(new double[] {-1000, 3, 3, 3, 1000}), 1e-12);
        assertEquals(103.0 / 3, Statistics.iqm(new double[] {1, 2, 100}), 1e-12); // three runs: nothing is cut
    }

    @Test
    void meanMedianOptimalityGapAndQuantiles() {
        assertEquals(2.5, Statistics.mean(new double[] {1, 2, 3, 4}), 1e-12);
        assertEquals(2, Statistics.median(new double[] {3, 1, 2}), 1e-12);
        assertEquals(2.5, Statistics.median(new double[] {4, 1, 3, 2}), 1e-12);
        // short of 475 by 375, 175 and 0 (a run above the target counts as reaching it, not as more)
        assertEquals(550.0 / 3, Statistics.optimalityGap(new double[] {100, 300, 500}, 475), 1e-12);
        assertEquals(1.75, Statistics.quantile(new double[] {1, 2, 3, 4}, 0.25), 1e-12); // numpy.percentile(.., 25)
        assertEquals(4, Statistics.quantile(new double[] {1, 2, 3, 4}, 1), 1e-12);
        assertEquals(0.5, Statistics.fractionAbove(new double[] {1, 2, 3, 4}, 2), 1e-12);
    }

    @Test
    void probabilityOfImprovementCountsTiesAsOneHalf() {
        // pairs (3,1) (3,3) (4,1) (4,3): 1 + 1/2 + 1 + 1 out of 4
        assertEquals(0.875, Statistics.probabilityOfImprovement(new double[] {3, 4}, new double[] {1, 3}), 1e-12);
        assertEquals(0.125, Statistics.probabilityOfImprovement(new double[] {1, 3}, new double[] {3, 4}), 1e-12);
        assertEquals(0.5, Statistics.probabilityOfImprovement(new double[] {1, 2, 3}, new double[] {1, 2, 3}), 1e-12);
        assertEquals(1, Statistics.probabilityOfImprovement(new double[] {5, 6}, new double[] {1, 2, 3}), 1e-12);
    }

    @Test
    void bootstrapIsReproducibleAndDegenerateOnConstantRuns() {
        Bootstrap bootstrap = new Bootstrap(500, 0.95, 7);
        double[] runs = {1, 5, 2, 8, 3};
        assertEquals(bootstrap.estimate(runs, Statistics::iqm), bootstrap.estimate(runs, Statistics::iqm));
        Bootstrap.Estimate constant = bootstrap.estimate(new double[] {4, 4, 4}, Statistics::mean);
        assertEquals(new Bootstrap.Estimate(4, 4, 4), constant);
        assertTrue(Double.isNaN(bootstrap.estimate(new double[0], Statistics::mean).value()), "no runs, no estimate");
    }

    @Test
    void stratifiedBootstrapResamplesWithinEachStratum() {
        // two tasks of three runs each: every resample keeps three runs of each, so the pooled mean never moves
        double[][] strata = {{0, 0, 0}, {1, 1, 1}};
        Bootstrap.Estimate pooled = new Bootstrap(1000, 0.95, 1).estimate(strata,
                s -> Statistics.mean(Stream.of(s).flatMapToDouble(Arrays::stream).toArray()));
        assertEquals(new Bootstrap.Estimate(0.5, 0.5, 0.5), pooled);
    }

    @Test
    void intervalsCoverTheTrueValueAtAboutTheirLevel() {
        SplittableRandom random = new SplittableRandom(2024);
        int trials = 200;
        int iqmCovered = 0;
        int meanCovered = 0;
        for (int t = 0; t < trials; t++) {
            double[] uniform = new double[20];
            double[] normal = new double[20];
            for (int i = 0; i < 20; i++) {
                uniform[i] = random.nextDouble(); // the IQM of U(0, 1) is 0.5
                normal[i] = 10 + 2 * gaussian(random); // the mean of N(10, 4) is 10
            }
            Bootstrap bootstrap = new Bootstrap(1000, 0.95, t);
            Bootstrap.Estimate iqm = bootstrap.estimate(uniform, Statistics::iqm);
            Bootstrap.Estimate mean = bootstrap.estimate(normal, Statistics::mean);
            assertTrue(iqm.low() <= iqm.value() && iqm.value() <= iqm.high(), iqm.toString());
            iqmCovered += iqm.low() <= 0.5 && 0.5 <= iqm.high() ? 1 : 0;
            meanCovered += mean.low() <= 10 && 10 <= mean.high() ? 1 : 0;
        }
        // a percentile bootstrap on 20 runs covers a little under its level; 95% of 200 is 190 +- 6 (binomial sd 3)
        assertTrue(iqmCovered >= 176 && iqmCovered <= 198, iqmCovered + " of " + trials + " IQM intervals covered 0.5");
        assertTrue(meanCovered >= 176 && meanCovered <= 198, meanCovered + " of " + trials + " mean intervals covered 10");
    }

    @Test
    void probabilityOfImprovementIntervalOnSeparatedAndOverlappingRuns() {
        Bootstrap bootstrap = new Bootstrap(2000, 0.95, 3);
        double[][] separated = {{10, 11, 12}, {1, 2, 3}};
        assertEquals(new Bootstrap.Estimate(1, 1, 1),
                bootstrap.estimate(separated, s -> Statistics.probabilityOfImprovement(s[0], s[1])));
        double[][] same = {{1, 2, 3, 4, 5}, {1, 2, 3, 4, 5}};
        Bootstrap.Estimate even = bootstrap.estimate(same, s -> Statistics.probabilityOfImprovement(s[0], s[1]));
        assertEquals(0.5, even.value(), 1e-12);
        assertTrue(even.low() < 0.3 && even.high() > 0.7, "five runs each cannot tell equal agents apart: " + even);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
