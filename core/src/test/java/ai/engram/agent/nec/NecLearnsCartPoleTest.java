package ai.engram.agent.nec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.bench.ReturnsBench;
import ai.engram.bench.Training;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of NEC's claim, sample efficiency: with its CartPole-v1 preset cut to 10,000
 * env steps (epsilon still decays over the first 4,000), the greedy policy's mean return over 10
 * evaluation episodes reaches 195 on at least 2 of 3 fixed seeds. Measured over seeds 1-5 the
 * first evaluation >= 195 came at 1,000-4,000 env steps (docs/benchmarks.md, "NEC"), so 10,000 is
 * a wide margin. Two seeds train at a time.
 */
class NecLearnsCartPoleTest {

    static final long BUDGET = 10_000;

    @Test
    void reaches195WithinTenThousandStepsOnTwoOfThreeSeeds(@TempDir Path runs) {
        List<String> overrides = List.of("total-steps=" + BUDGET, "exploration-fraction=0.4", "eval-every=1000",
                "checkpoint-every=" + BUDGET);
        List<Training.Result> results = ReturnsBench.run("nec", "CartPole-v1", List.of(1L, 2L, 3L), 2, overrides, runs);
        String report = results.stream().map(r -> "seed " + r.seed() + ": evals " + r.evalReturns()
                + ", first >= 195 at step " + r.firstStepReaching(195)).collect(Collectors.joining("\n"));
        System.out.println(report);
        long solved = results.stream().filter(r -> r.firstStepReaching(195) >= 0).count();
        assertTrue(solved >= 2, solved + " of 3 seeds reached 195:\n" + report);
    }
}
