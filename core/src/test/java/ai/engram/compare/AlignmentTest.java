package ai.engram.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs of different lengths and schedules on one grid, and the statistics the comparison draws from them. */
class AlignmentTest {

    private static final RecordedRun EVERY_1000 = FakeRun.of("a", "E", 0, new long[] {1000, 2000, 3000, 4000, 5000},
            new double[] {1, 2, 3, 4, 5});
    private static final RecordedRun EVERY_2500 = FakeRun.of("b", "E", 0, new long[] {2500, 5000, 7500, 10_500},
            new double[] {10, 20, 30, 40});

    @Test
    void theGridHasTheFinestScheduleUpToTheLongestRunAndScoresAtTheShortestEnd() {
        Alignment alignment = Alignment.of("E", List.of(EVERY_1000, EVERY_2500));
        assertEquals(1000, alignment.spacing());
        assertArrayEquals(new long[] {1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000, 10_500}, alignment.grid());
        assertEquals(5000, alignment.finalStep());
        assertTrue(alignment.describe().contains("final scores at step 5,000"), alignment.describe());
        RecordedRun offGrid = FakeRun.of("c", "E", 0, new long[] {2500, 4010}, new double[] {1, 2});
        Alignment withOffGridEnd = Alignment.of("E", List.of(EVERY_1000, offGrid));
        assertArrayEquals(new long[] {1000, 2000, 3000, 4000, 4010, 5000}, withOffGridEnd.grid(), "its end is on the grid");
        assertEquals(4010, withOffGridEnd.finalStep());
    }

    @Test
    void aRunCarriesItsLatestEvaluationForwardAndSaysNothingOutsideItsEvaluations() {
        assertTrue(Double.isNaN(EVERY_2500.valueAt(2000)), "before its first evaluation");
        assertEquals(10, EVERY_2500.valueAt(2500));
        assertEquals(10, EVERY_2500.valueAt(4999));
        assertEquals(30, EVERY_2500.valueAt(10_000));
        assertTrue(Double.isNaN(EVERY_1000.valueAt(5001)), "after its last evaluation");
    }

    @Test
    void curvesCountTheSeedsAtEachPointAndTablesUseTheCommonFinalStep() {
        List<RecordedRun> runs = List.of(
                FakeRun.of("x", "E", 0, new long[] {100, 200, 300}, new double[] {0, 50, 100}),
                FakeRun.of("x", "E", 1, new long[] {100, 200}, new double[] {10, 60}),
                FakeRun.of("x", "E", 2, new long[] {100, 200, 300}, new double[] {20, 0, 100}),
                FakeRun.of("y", "E", 0, new long[] {100, 200, 300}, new double[] {0, 0, 0}),
                FakeRun.of("y", "E", 1, new long[] {100, 200, 300}, new double[] {0, 0, 0}));
        Comparison c = Comparison.of(runs, Map.of("E", 50.0), new Bootstrap(200, 0.95, 0));
        Comparison.AgentResult x = c.envs().get(0).agents().get(0);
        assertArrayEquals(new int[] {3, 3, 2}, x.curve().seeds(), "seed 1 stops at 200");
        assertEquals(10, x.curve().iqm()[0], 1e-12); // three runs: IQM is the mean of 0, 10, 20
        assertEquals(200, c.envs().get(0).alignment().finalStep());
        Comparison.Summary s = x.summary();
        assertArrayEquals(new double[] {50, 60, 0}, s.finalScores());
        assertEquals(110.0 / 3, s.iqm().value(), 1e-12);
        assertEquals(50, s.median().value(), 1e-12);
        assertEquals(50.0 / 3, s.optimalityGap().value(), 1e-12); // short of 50 by 0, 0 and 50
        assertEquals(2, s.reachedThreshold()); // seeds 0 and 1 at step 200; seed 2 never (by the final step)
        assertEquals(200, s.stepsToThreshold(), 1e-12); // median of 200, 200, never
        // run AUCs (mean over the grid 100, 200): 25, 35, 10 -> IQM of three is their mean
        assertEquals(70.0 / 3, s.auc().value(), 1e-12);
        Comparison.Improvement p = c.improvements().get(0);
        assertEquals(List.of("x", "y", "E"), List.of(p.x(), p.y(), p.env()));
        assertEquals((2 + 2 + 0.5 + 0.5) / 6, p.probability().value(), 1e-12); // 50 and 60 beat both zeros; 0 ties both
    }

    @Test
    void probabilityOfImprovementAveragesOverSharedEnvironments() {
        List<RecordedRun> runs = List.of(
                FakeRun.of("x", "E", 0, new long[] {100}, new double[] {1}),
                FakeRun.of("y", "E", 0, new long[] {100}, new double[] {0}),
                FakeRun.of("x", "F", 0, new long[] {100}, new double[] {0}),
                FakeRun.of("y", "F", 0, new long[] {100}, new double[] {0}));
        Comparison c = Comparison.of(runs, Map.of(), new Bootstrap(200, 0.95, 0));
        assertEquals(3, c.improvements().size());
        Comparison.Improvement all = c.improvements().get(2);
        assertEquals(Comparison.ALL_ENVS, all.env());
        assertEquals(0.75, all.probability().value(), 1e-12); // 1 on E, 1/2 on F
    }
}
