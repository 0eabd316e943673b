package ai.engram.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpaceTest {

    @Test
    void discreteSamplesEveryValueAndOnlyThose() {
        Discrete space = new Discrete(3, 5);
        SplittableRandom random = new SplittableRandom(1);
        int[] counts = new int[3];
        for (int i = 0; i < 3000; i++) {
            int v = space.sample(random);
            assertTrue(space.contains(v), "sampled " + v);
            counts[v - 5]++;
        }
        assertTrue(Arrays.stream(counts).allMatch(c -> c > 850), Arrays.toString(counts));
        assertFalse(space.contains(4));
        assertFalse(space.contains(8));
        assertFalse(space.contains(new double[] {5.5}, 0));
        assertThrows(IllegalArgumentException.class, () -> new Discrete(0));
    }

    @Test
    void boxSamplesInsideItsBoundsAndIsSeeded() {
        Box box = Box.of(new double[] {-1, 0, Double.NEGATIVE_INFINITY, 2},
                new double[] {1, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 2});
        double[] a = new double[4];
        double[] b = new double[4];
        SplittableRandom r1 = new SplittableRandom(7);
        SplittableRandom r2 = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            box.sample(r1, a, 0);
            box.sample(r2, b, 0);
            assertTrue(box.contains(a), Arrays.toString(a));
            assertEquals(Arrays.toString(a), Arrays.toString(b));
            assertEquals(2.0, a[3]);
        }
        assertFalse(box.contains(1.5, 1, 0, 2));
        assertFalse(box.contains(0, -0.1, 0, 2));
        assertFalse(box.contains(0, 1, Double.NaN, 2));
        assertFalse(box.contains(0, 1));
    }

    @Test
    void boxRejectsBoundsThatAreNoInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Box.of(new double[] {1}, new double[] {0}));
        assertTrue(e.getMessage().contains("[1.0, 0.0]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Box(new double[] {0, 0}, new double[] {1, 1}, new int[] {3}, Box.DType.FLOAT32));
    }

    @Test
    void boxClipsAndComparesByValue() {
        Box box = Box.of(new double[] {-2}, new double[] {2});
        double[] a = {3.5};
        box.clip(a, 0);
        assertEquals(2.0, a[0]);
        assertEquals(box, Box.of(new double[] {-2}, new double[] {2}));
        assertNotEquals(box, Box.of(new double[] {-1}, new double[] {2}));
    }
}
