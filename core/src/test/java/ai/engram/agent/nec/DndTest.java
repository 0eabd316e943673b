package ai.engram.agent.nec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DndTest {

    private static float[] randomKeys(int n, int dim, SplittableRandom random) {
        float[] keys = new float[n * dim];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = (float) random.nextGaussian();
        }
        return keys;
    }

    private static Dnd filled(float[] keys, int n, int dim, int capacity) {
        Dnd dnd = new Dnd(capacity, dim);
        for (int i = 0; i < n; i++) {
            dnd.write(i, keys, i * dim, i, 0.1);
        }
        return dnd;
    }

    /** The p smallest squared distances by sorting all of them, in double precision. */
    private static int[] bruteForce(float[] keys, int n, int dim, float[] query, int offset, int p) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                double x = query[offset + j] - keys[i * dim + j];
                d[i] += x * x;
            }
        }
        return IntStream.range(0, n).boxed().sorted((a, b) -> Double.compare(d[a], d[b])).limit(p)
                .mapToInt(Integer::intValue).sorted().toArray();
    }

    private static int[] sortedSlots(Dnd.Neighbours nb) {
        return IntStream.range(0, nb.count()).map(nb::slot).sorted().toArray();
    }

    @Test
    void lookupEqualsBruteForceKnnOnRandomData() {
        SplittableRandom random = new SplittableRandom(7);
        for (int dim : new int[] {3, 16, 64}) {
            int n = 2000;
            float[] keys = randomKeys(n, dim, random);
            Dnd dnd = filled(keys, n, dim, n);
            float[] queries = randomKeys(40, dim, random);
            int[] rows = IntStream.range(0, 40).toArray();
            Dnd.Neighbours[] batched = new Dnd.Neighbours[40];
            Arrays.setAll(batched, i -> new Dnd.Neighbours(50));
            dnd.nearest(queries, rows, 40, batched);
            for (int q = 0; q < 40; q++) {
                Dnd.Neighbours single = new Dnd.Neighbours(50);
                dnd.nearest(queries, q * dim, single);
                int[] expected = bruteForce(keys, n, dim, queries, q * dim, 50);
                assertArrayEquals(expected, sortedSlots(single), "dim " + dim + " query " + q);
                assertArrayEquals(expected, sortedSlots(batched[q]), "batched, dim " + dim + " query " + q);
            }
        }
    }

    @Test
    void fewerKeysThanNeighboursGivesThemAll() {
        float[] keys = randomKeys(5, 4, new SplittableRandom(1));
        Dnd dnd = filled(keys, 5, 4, 10);
        Dnd.Neighbours nb = new Dnd.Neighbours(50);
        dnd.nearest(new float[4], 0, nb);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, sortedSlots(nb));
        dnd.nearest(new float[4], 0, nb);
        assertEquals(5, nb.count(), "a second lookup starts over");
    }

    @Test
    void evictsTheLeastRecentlyUsed() {
        float[] key = new float[2];
        Dnd dnd = new Dnd(3, 2);
        dnd.write(10, key, 0, 1, 0.1); // slot 0
        dnd.write(11, key, 0, 2, 0.1); // slot 1
        dnd.write(12, key, 0, 3, 0.1); // slot 2
        assertArrayEquals(new int[] {0, 1, 2}, dnd.recency());
        dnd.touch(0);                   // a lookup used state 10
        dnd.write(11, key, 0, 5, 0.1);  // state 11 written again: most recent
        assertArrayEquals(new int[] {2, 0, 1}, dnd.recency());
        int slot = dnd.write(13, key, 0, 4, 0.1);
        assertEquals(2, slot, "state 12, the least recently used, made room");
        assertEquals(-1, dnd.slotOf(12));
        assertEquals(2, dnd.slotOf(13));
        assertArrayEquals(new int[] {0, 1, 2}, dnd.recency());
        dnd.write(14, key, 0, 4, 0.1);
        assertEquals(-1, dnd.slotOf(10), "then state 10");
        assertEquals(3, dnd.size());
    }

    @Test
    void writingAPresentStateMovesItsValueByAlpha() {
        float[] key = {1, 2};
        Dnd dnd = new Dnd(4, 2);
        int slot = dnd.write(42, key, 0, 10, 0.1);
        assertEquals(slot, dnd.write(42, new float[] {5, 5}, 0, 20, 0.1), "the same state keeps its slot");
        assertEquals(11f, dnd.value(slot), 1e-6, "Q_i += alpha (Q^N - Q_i)");
        assertEquals(1, dnd.size());
        float[] stored = new float[2];
        dnd.key(slot, stored, 0);
        assertArrayEquals(key, stored, "the tabular update changes the value only");
        dnd.write(43, key, 0, 0, 0.1);
        assertEquals(2, dnd.size(), "another state is appended");
    }

    @Test
    void stateRestoresKeysValuesAndRecency() {
        float[] keys = randomKeys(6, 3, new SplittableRandom(3));
        Dnd dnd = filled(keys, 6, 3, 8);
        dnd.touch(2);
        Dnd copy = new Dnd(8, 3);
        copy.restore(dnd.state());
        assertArrayEquals(dnd.recency(), copy.recency());
        assertEquals(dnd.slotOf(4), copy.slotOf(4));
        Dnd.Neighbours a = new Dnd.Neighbours(3);
        Dnd.Neighbours b = new Dnd.Neighbours(3);
        dnd.nearest(keys, 0, a);
        copy.nearest(keys, 0, b);
        assertArrayEquals(sortedSlots(a), sortedSlots(b));
        assertEquals(dnd.q(a, 1e-3), copy.q(b, 1e-3));
    }

    @Test
    void theIndexProbingEveryListIsExactThroughEvictionsAndGradientSteps() {
        SplittableRandom random = new SplittableRandom(5);
        int dim = 8;
        int capacity = 600;
        Dnd indexed = new Dnd(capacity, dim, 100, 1_000); // more probes than lists: every list is scanned
        Dnd exact = new Dnd(capacity, dim);
        float[] keys = randomKeys(1500, dim, random);
        double[] step = new double[dim];
        Arrays.fill(step, 0.5);
        for (int i = 0; i < 1500; i++) {
            indexed.write(i, keys, i * dim, i, 0.1);
            exact.write(i, keys, i * dim, i, 0.1);
            if (i % 7 == 0) { // keys move under gradient steps, in both
                indexed.descend(i % capacity, step, 0, 1, 0.1);
                exact.descend(i % capacity, step, 0, 1, 0.1);
            }
        }
        float[] queries = randomKeys(20, dim, random);
        for (int q = 0; q < 20; q++) {
            Dnd.Neighbours a = new Dnd.Neighbours(10);
            Dnd.Neighbours b = new Dnd.Neighbours(10);
            indexed.nearest(queries, q * dim, a);
            exact.nearest(queries, q * dim, b);
            assertArrayEquals(sortedSlots(b), sortedSlots(a), "query " + q);
        }
        assertEquals(true, indexed.indexed());
    }

    @Test
    void theIndexFindsMostNeighboursOfClusteredKeys() {
        SplittableRandom random = new SplittableRandom(9);
        int dim = 16;
        int n = 20_000;
        float[] centres = randomKeys(200, dim, random);
        float[] keys = new float[n * dim];
        for (int i = 0; i < n; i++) { // embeddings cluster: 200 blobs of spread 0.1
            int c = random.nextInt(200);
            for (int j = 0; j < dim; j++) {
                keys[i * dim + j] = centres[c * dim + j] + 0.1f * (float) random.nextGaussian();
            }
        }
        Dnd indexed = filled(keys, n, dim, n);
        Dnd viaIndex = new Dnd(n, dim, 1_000, 8);
        for (int i = 0; i < n; i++) {
            viaIndex.write(i, keys, i * dim, i, 0.1);
        }
        long hits = 0;
        for (int q = 0; q < 100; q++) {
            int row = random.nextInt(n);
            Dnd.Neighbours truth = new Dnd.Neighbours(50);
            Dnd.Neighbours found = new Dnd.Neighbours(50);
            indexed.nearest(keys, row * dim, truth);
            viaIndex.nearest(keys, row * dim, found);
            java.util.Set<Integer> expected = new java.util.HashSet<>();
            for (int i = 0; i < truth.count(); i++) {
                expected.add(truth.slot(i));
            }
            for (int i = 0; i < found.count(); i++) {
                hits += expected.contains(found.slot(i)) ? 1 : 0;
            }
        }
        double recall = hits / 5000.0;
        assertEquals(true, recall >= 0.9, "recall " + recall + " with 8 of ~141 lists probed");
    }
}
