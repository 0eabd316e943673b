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
     * The paper's claim at a test's budget: the study's defaults (SGD with momentum, 0.1 on a cosine
     * to 0, beta 0.002) for 6 epochs on the 8,000 MNIST training images (measured:
     * ||W W^T - I||_F 26.30 / 16.73 / 14.84 -> 2.26 / 2.21 / 2.05, spectral norms 3.61 / 2.97 / 3.01
     * -> 1.33 / 1.36 / 1.36, clean 96.15% -> 95.05%, FGSM at eps 0.1 35.80% -> 53.20%). A broken
     * retraction leaves the frames as plain training makes them, or wrecks the accuracy.
     */
    @Test
    void parsevalRetractionTightensTheFramesAndResistsFgsm() {
        ParsevalStudy.Config c = ParsevalStudy.Config.from(new Settings(Presets.overlay(ConfigFactory.parseString(ParsevalStudy.DEFAULTS),
                List.of("epochs=6", "epsilons=[0.1]"))));
        ParsevalStudy.Result r = ParsevalStudy.run(Datasets.load("mnist"), c);
        for (int layer = 0; layer < 3; layer++) {
            assertTrue(r.parseval().orthogonalityError()[layer] < r.plain().orthogonalityError()[layer] / 4,
                    "layer " + layer + ": " + r.plain().orthogonalityError()[layer] + " -> " + r.parseval().orthogonalityError()[layer]);
            assertTrue(r.plain().spectralNorm()[layer] > 2.5 && r.parseval().spectralNorm()[layer] < 1.5,
                    "spectral norm of layer " + layer + ": " + r.plain().spectralNorm()[layer] + " -> "
                            + r.parseval().spectralNorm()[layer]);
        }
        assertEquals(r.plain().clean(), r.parseval().clean(), 0.025, "clean accuracy");
        assertTrue(r.plain().clean() > 0.94, "the plain MLP learned: " + r.plain().clean());
        assertTrue(r.parseval().fgsm()[0] > r.plain().fgsm()[0] + 0.10,
                "FGSM accuracy at eps 0.1: " + r.plain().fgsm()[0] + " -> " + r.parseval().fgsm()[0]);
    }

    @Test
    void badSettingsFailWithTheirName() {
        var e = assertThrows(IllegalArgumentException.class, () -> Studies.run("parseval", "mnist", List.of("beta=-1"), Path.of("/tmp")));
        assertTrue(e.getMessage().contains("beta"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Studies.run("parseval", "mnist", List.of("row-fraction=0"), Path.of("/tmp")));
        assertTrue(e.getMessage().contains("row-fraction"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Studies.run("parseval", "mnist", List.of("optimizer=lbfgs"), Path.of("/tmp")));
        assertTrue(e.getMessage().contains("optimizer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Studies.run("parseval", "mnist", List.of("optimizer=adam", "schedule=cosine"), Path.of("/tmp")));
        assertTrue(e.getMessage().contains("schedule"), e.getMessage());
    }
}
