package ai.engram.auxiliary.lookslinear;

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

class LooksLinearTest {

    private static LooksLinearStudy.Config config(String... overrides) {
        return LooksLinearStudy.Config.from(new Settings(Presets.overlay(ConfigFactory.parseString(LooksLinearStudy.DEFAULTS),
                List.of(overrides))));
    }

    /**
     * Width 200, one net per cell (measured: He 0.995 / 0.663 / 0.035 at depths 2 / 50 / 200,
     * resnet 0.998 / 0.994 / 0.987, looks-linear 1.000). A looks-linear net whose halves do not
     * cancel, or a CReLU that drops a sign, has a gradient that changes along the grid.
     */
    @Test
    void gradientsShatterWithDepthOnlyWithoutSkipsOrLooksLinearWeights() {
        double[][] r = LooksLinearStudy.autocorrelations(config("depths=[2, 50, 200]", "nets=1"));
        double[] he = r[LooksLinearStudy.Architecture.FEEDFORWARD_HE.ordinal()];
        assertTrue(he[0] > 0.9 && he[1] < he[0] - 0.15 && he[2] < he[1] - 0.2, "He: " + java.util.Arrays.toString(he));
        for (double v : r[LooksLinearStudy.Architecture.RESNET.ordinal()]) {
            assertTrue(v > 0.95, "resnet " + v);
        }
        for (double v : r[LooksLinearStudy.Architecture.LOOKS_LINEAR.ordinal()]) {
            assertEquals(1, v, 1e-9, "looks-linear");
        }
    }

    @Test
    void lagOneAutocorrelationOfAlternatingAndConstantSequences() {
        assertEquals(1, LooksLinearStudy.lagOneAutocorrelation(new double[] {3, 3, 3, 3}), 1e-15);
        assertEquals(-1, LooksLinearStudy.lagOneAutocorrelation(new double[] {1, -1, 1, -1}), 1e-15);
    }

    /**
     * 10 hidden layers of 64 without skips on 2,000 Fashion-MNIST images for one epoch (measured:
     * He 37.25%, looks-linear 68.00% test accuracy); the full 50-layer run is in docs/benchmarks.md.
     */
    @Test
    void aDeepLooksLinearNetTrainsFasterThanAHeInitializedOne() {
        LooksLinearStudy.Result r = LooksLinearStudy.run(Datasets.load("fashion-mnist"),
                config("depths=[2]", "nets=1", "width=8", "train-depth=10", "train-size=2000", "epochs=1"));
        assertTrue(r.looksLinearAccuracy() > r.heAccuracy() + 0.15, "He " + r.heAccuracy() + ", looks-linear " + r.looksLinearAccuracy());
    }

    @Test
    void badSettingsFailWithTheirName() {
        var e = assertThrows(IllegalArgumentException.class, () -> Studies.run("looks-linear", "digits", List.of("grid=2"), Path.of("/tmp")));
        assertTrue(e.getMessage().contains("grid"), e.getMessage());
    }
}
