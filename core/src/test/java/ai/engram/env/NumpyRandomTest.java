package ai.engram.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Expected values printed by numpy 2.4: {@code r = np.random.default_rng(s); r.random(); r.random(); r.bit_generator.random_raw()}. */
class NumpyRandomTest {

    private static void assertDraws(long seed, double first, double second, String raw) {
        NumpyRandom r = new NumpyRandom(seed);
        assertEquals(first, r.nextDouble(), 0.0);
        assertEquals(second, r.nextDouble(), 0.0);
        assertEquals(Long.parseUnsignedLong(raw), r.nextLong());
    }

    @Test
    void matchesNumpyForSmallAndMultiWordSeeds() {
        assertDraws(0, 0.6369616873214543, 0.2697867137638703, "755828109848996024");
        assertDraws(42, 0.7739560485559633, 0.4388784397520523, "15838336090824644132");
        assertDraws(4294967303L, 0.7701409510034741, 0.1119272443176843, "3488237491050697490");
        assertDraws(4611686018427400249L, 0.03389632270769671, 0.5989145254827221, "7812123620902508691");
    }

    @Test
    void uniformIsLowPlusRangeTimesDraw() {
        NumpyRandom a = new NumpyRandom(0);
        NumpyRandom b = new NumpyRandom(0);
        assertEquals(-0.6 + (-0.4 - -0.6) * b.nextDouble(), a.uniform(-0.6, -0.4), 0.0);
    }

    @Test
    void refusesNegativeSeeds() {
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandom(-1));
    }
}
