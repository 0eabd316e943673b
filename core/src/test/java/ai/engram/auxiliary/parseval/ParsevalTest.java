package ai.engram.auxiliary.parseval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.auxiliary.Studies;
import ai.engram.config.Presets;
import ai.engram.config.Settings;
import ai.engram.data.Datasets;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParsevalTest {

    /**
     * The paper's claim at a test's budget: 784-256-256-10 from orthogonal weights on the 8,000
     * MNIST training images for 6 epochs (measured: ||W W^T - I||_F 14.61 / 12.78 / 1.70 -> 3.88 /
     * 3.56 / 0.92, spectral norms 2.90 / 2.63 / 1.35 -> 1.65 / 1.60 / 1.20, clean 93.95% -> 93.20%,
     * FGSM at eps 0.1 15.20% -> 37.05%). A broken retraction leaves the frames as plain training
     * makes them, or wrecks the accuracy.
     */
    @Test
    void parsevalRetractionTightensTheFramesAndResistsFgsm() {
        ParsevalStudy.Config c = ParsevalStudy.Config.from(new Settings(Presets.overlay(ConfigFactory.parseString(ParsevalStudy.DEFAULTS),
                List.of("epochs=6", "epsilons=[0.1]"))));
        ParsevalStudy.Result r = ParsevalStudy.run(Datasets.load("mnist"), c);
        for (int layer = 0; layer < 2; layer++) {
            assertTrue(r.parseval().orthogonalityError()[layer] < r.plain().orthogonalityError()[layer] / 2.5,
                    "hidden layer " + layer + ": " + r.plain().orthogonalityError()[layer] + " -> " + r.parseval().orthogonalityError()[layer]);
            assertTrue(r.parseval().spectralNorm()[layer] < 0.75 * r.plain().spectralNorm()[layer], "spectral norm of layer " + layer);
        }
        assertTrue(r.parseval().orthogonalityError()[2] < r.plain().orthogonalityError()[2] / 1.5, "output layer");
        assertEquals(r.plain().clean(), r.parseval().clean(), 0.02, "clean accuracy");
        assertTrue(r.plain().clean() > 0.92, "the plain MLP learned: " + r.plain().clean());
        assertTrue(r.parseval().fgsm()[0] > r.plain().fgsm()[0] + 0.10,
                "FGSM accuracy at eps 0.1: " + r.plain().fgsm()[0] + " -> " + r.parseval().fgsm()[0]);
    }

    @Test
    void badSettingsFailWithTheirName() {
        var e = assertThrows(IllegalArgumentException.class, () -> Studies.run("parseval", "mnist", List.of("beta=-1"), Path.of("/tmp")));
        assertTrue(e.getMessage().contains("beta"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Studies.run("parseval", "mnist", List.of("row-fraction=0"), Path.of("/tmp")));
        assertTrue(e.getMessage().contains("row-fraction"), e.getMessage());
    }
}
