package ai.engram.auxiliary.sharpness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.auxiliary.Classifier;
import ai.engram.auxiliary.AttachedRun;
import ai.engram.cli.CliRun;
import ai.engram.data.Datasets;
import ai.engram.nn.Activation;
import ai.engram.nn.Initializer;
import ai.engram.nn.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharpnessTest {

    /**
     * Dinh et al.'s point on a digits MLP: alpha-rescaled networks give the same predictions and
     * loss to float64 precision, while the largest Hessian eigenvalue grows by orders of magnitude.
     */
    @Test
    void rescalingChangesSharpnessButNotTheFunction() {
        SharpnessStudy.Config c = new SharpnessStudy.Config(new Classifier.Recipe(new int[] {32}, new Classifier.Training(20, 64, 1e-3, 0, 0)),
                new double[] {1, 10, 100}, 1e-2, 10, 500, 1e-7);
        SharpnessStudy.Result r = SharpnessStudy.run(Datasets.load("digits"), c);
        System.out.println(SharpnessStudy.table("digits", c, r).render());
        SharpnessStudy.Row one = r.rows().get(0);
        SharpnessStudy.Row hundred = r.rows().get(2);
        for (SharpnessStudy.Row row : r.rows()) {
            assertTrue(row.maxLogitChange() < 1e-10, "alpha " + row.alpha() + ": logits change by " + row.maxLogitChange());
            assertEquals(one.trainLoss(), row.trainLoss(), 1e-12);
            assertEquals(one.testAccuracy(), row.testAccuracy(), 0);
        }
        assertTrue(one.lambdaMax() > 0, "at a minimum the top eigenvalue is positive: " + one.lambdaMax());
        assertTrue(hundred.lambdaMax() > 100 * one.lambdaMax(), one.lambdaMax() + " -> " + hundred.lambdaMax());
        assertTrue(hundred.epsilonSharpness() > 10 * one.epsilonSharpness(), one.epsilonSharpness() + " -> " + hundred.epsilonSharpness());
    }

    /** Attached to a DQN run: one row per round with a finite eigenvalue, and the curve. */
    @Test
    void anAttachedDqnRunWritesTheSharpnessCurve(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("run");
        CliRun run = AttachedRun.train(dir, "sharpness");
        assertEquals(0, run.exitCode(), run.err());
        List<String> csv = Files.readAllLines(dir.resolve("aux/sharpness.csv"));
        assertEquals("env_step,td_loss,lambda_max,power_iterations,epsilon_sharpness", csv.get(0));
        assertTrue(csv.size() >= 2, csv.toString());
        for (String line : csv.subList(1, csv.size())) {
            double lambda = Double.parseDouble(line.split(",")[2]);
            assertTrue(Double.isFinite(lambda) && lambda != 0, line);
        }
        assertTrue(Files.size(dir.resolve("aux/sharpness.png")) > 1000);
    }

    @Test
    void rescalingNeedsAReluBetweenTwoDenseLayers() {
        Network tanh = Network.mlp(4, new int[] {8}, 2, Activation.Kind.TANH, false, new Initializer.TorchDefault(), 0);
        assertThrows(IllegalArgumentException.class, () -> Sharpness.rescale(tanh, 10));
        Network relu = Network.mlp(4, new int[] {8}, 2, Activation.Kind.RELU, false, new Initializer.TorchDefault(), 0);
        assertThrows(IllegalArgumentException.class, () -> Sharpness.rescale(relu, -1));
    }
}
