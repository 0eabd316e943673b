package ai.engram.auxiliary.deeplift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.auxiliary.Classifier;
import ai.engram.data.Datasets;
import ai.engram.nn.Activation;
import ai.engram.nn.Dense;
import ai.engram.nn.Initializer;
import ai.engram.nn.Layer;
import ai.engram.nn.Network;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeepLiftTest {

    /**
     * The paper's Figure 3: o = i1 - ReLU(i1 - i2) = min(i1, i2), reference (0, 0). Here the
     * pass-through of i1 is ReLU(i1) - ReLU(-i1). For i1 = 5 > i2 = 3, Rescale (like the gradient)
     * gives all of min = 3 to i2; RevealCancel gives each input half of it.
     */
    @Test
    void revealCancelSplitsTheMinimumBetweenBothInputsWhereRescaleDoesNot() {
        List<Layer> layers = List.of(new Dense(2, 3, new Initializer.TorchDefault()), new Activation(Activation.Kind.RELU, 3),
                new Dense(3, 1, new Initializer.TorchDefault()));
        // h = ReLU([i1 - i2, i1, -i1]); o = h2 - h3 - h1; weights row-major (in x out), then biases
        float[] p = {1, 1, -1, -1, 0, 0, 0, 0, 0, -1, 1, -1, 0};
        float[] input = {5, 3};
        float[] reference = {0, 0};
        DeepLift.Attribution rescale = new DeepLift(layers, DeepLift.Rule.RESCALE).explain(p, input, 0, reference, 0);
        DeepLift.Attribution revealCancel = new DeepLift(layers, DeepLift.Rule.REVEAL_CANCEL).explain(p, input, 0, reference, 0);
        assertEquals(3, rescale.delta(), 1e-12);
        assertEquals(0, rescale.contributions()[0], 1e-12);
        assertEquals(3, rescale.contributions()[1], 1e-12);
        assertEquals(1.5, revealCancel.contributions()[0], 1e-12);
        assertEquals(1.5, revealCancel.contributions()[1], 1e-12);
    }

    @Test
    void rescaleFallsBackToTheGradientWhenTheInputBarelyMoves() {
        List<Layer> layers = List.of(new Dense(1, 1, new Initializer.TorchDefault()), new Activation(Activation.Kind.TANH, 1));
        float[] p = {2, 0.5f};
        DeepLift.Attribution a = new DeepLift(layers, DeepLift.Rule.RESCALE).explain(p, new float[] {1e-9f}, 0, new float[] {0}, 0);
        assertEquals(2 * (1 - Math.pow(Math.tanh(0.5), 2)) * 1e-9f, a.contributions()[0], 1e-15);
    }

    /**
     * Summation-to-delta on every digits test input, for every rule and for a reference that is
     * not zero; and the paper's removal test: the 10 pixels DeepLIFT ranks highest lower the
     * class logit more than 10 random pixels and at least as much as gradient x input's 10.
     */
    @Test
    void deepLiftExplainsADigitsMlp() {
        DeepLiftStudy.Config config = new DeepLiftStudy.Config(
                new Classifier.Recipe(new int[] {128, 128}, new Classifier.Training(40, 64, 1e-3, 0, 0)), 10);
        DeepLiftStudy.Result r = DeepLiftStudy.run(Datasets.load("digits"), config);
        System.out.println(DeepLiftStudy.table("digits", config, r).render());
        assertTrue(r.accuracy() > 0.95, "accuracy " + r.accuracy());
        for (DeepLift.Rule rule : List.of(DeepLift.Rule.RESCALE, DeepLift.Rule.REVEAL_CANCEL)) {
            assertTrue(r.row(DeepLiftStudy.name(rule)).maxSummationError() < 1e-6, rule + " " + r.row(DeepLiftStudy.name(rule)));
        }
        // gradient x input has no such property: that is the paper's point
        assertTrue(r.row("gradient x input").maxSummationError() > 1e-3);
        double rescale = r.row("DeepLIFT Rescale").meanLogitDrop();
        double revealCancel = r.row("DeepLIFT RevealCancel").meanLogitDrop();
        assertTrue(rescale > r.row("random pixels").meanLogitDrop(), r.rows().toString());
        assertTrue(rescale >= r.row("gradient x input").meanLogitDrop(), r.rows().toString());
        assertTrue(revealCancel > r.row("random pixels").meanLogitDrop(), r.rows().toString());

        Network net = Network.mlp(64, new int[] {32, 32}, 10, Activation.Kind.TANH, false, new Initializer.GlorotUniform(), 3);
        float[] parameters = net.snapshot();
        SplittableRandom random = new SplittableRandom(4);
        float[] reference = new float[64];
        for (int j = 0; j < 64; j++) {
            reference[j] = (float) random.nextDouble();
        }
        float[] digits = Datasets.load("digits").test().inputs();
        for (DeepLift.Rule rule : List.of(DeepLift.Rule.RESCALE, DeepLift.Rule.REVEAL_CANCEL)) {
            DeepLift deepLift = new DeepLift(net.layers(), rule);
            for (int i = 0; i < 100; i++) {
                assertTrue(deepLift.explain(parameters, digits, i * 64, reference, i % 10).summationError() < 1e-6);
            }
        }
    }
}
