package ai.engram.agent.dqn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.bench.ReturnsBench;
import ai.engram.bench.Training;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of DQN: with its CartPole-v1 preset (rl-baselines3-zoo's tuned settings,
 * 50,000 env steps), the greedy policy's mean return over 10 evaluation episodes reaches 475 on at
 * least 4 of 5 fixed seeds. Two seeds train at a time (about 2-3 minutes on 2 cores).
 */
class DqnLearnsCartPoleTest {

    @Test
    void reaches475WithinFiftyThousandStepsOnFourOfFiveSeeds(@TempDir Path runs) {
        List<Training.Result> results = ReturnsBench.run("dqn", "CartPole-v1", List.of(1L, 2L, 3L, 4L, 5L), 2, List.of(), runs);
        String report = results.stream().map(r -> "seed " + r.seed() + ": evals " + r.evalReturns()
                + ", first >= 475 at step " + r.firstStepReaching(475)).collect(Collectors.joining("\n"));
        System.out.println(report);
        long solved = results.stream().filter(r -> r.firstStepReaching(475) >= 0).count();
        assertTrue(solved >= 4, solved + " of 5 seeds reached 475:\n" + report);
    }
}
