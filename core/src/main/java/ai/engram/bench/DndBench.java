package ai.engram.bench;

import ai.engram.agent.nec.Dnd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The DND's lookup, the hot path of NEC, searched exactly and through the inverted-file index: one
 * query, a batch of queries (the learner's), writes into a full DND, memory per key and the index's
 * recall, on Gaussian keys (no structure to exploit: the worst case of any index).
 */
public final class DndBench {

    private DndBench() {
    }

    /** Every measurement on DNDs of {@code keys} keys of size {@code dim}, first exact, then indexed. */
    public static List<Measurement> run(int keys, int dim, int neighbours, int batch, int probes, double seconds) {
        float[] queries = gaussian(batch * dim, new SplittableRandom(2));
        Dnd exact = filled(keys, dim, Integer.MAX_VALUE, probes);
        Dnd indexed = filled(keys, dim, 0, probes);
        String ivf = "ivf, " + probes + " probes";
        // recall first: measuring writes replaces the keys
        List<Measurement> out = new ArrayList<>(List.of(new Measurement("dnd", parameters(keys, dim, neighbours, ivf),
                "recall", recall(exact, indexed, queries, batch, dim, neighbours))));
        out.addAll(measure(exact, "exact", neighbours, batch, queries, seconds));
        out.addAll(measure(indexed, ivf, neighbours, batch, queries, seconds));
        return out;
    }

    private static Dnd filled(int keys, int dim, int exactLimit, int probes) {
        Dnd dnd = new Dnd(keys, dim, exactLimit, probes);
        float[] key = new float[dim];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < keys; i++) {
            fill(key, random);
            dnd.write(i, key, 0, i, 0.1);
        }
        return dnd;
    }

    private static List<Measurement> measure(Dnd dnd, String search, int neighbours, int batch, float[] queries,
                                             double seconds) {
        Dnd.Neighbours one = new Dnd.Neighbours(neighbours);
        int[] cursor = {0};
        double single = timePerCall(() -> dnd.nearest(queries, (cursor[0]++ % batch) * dnd.keySize(), one), seconds);
        int[] rows = IntStream.range(0, batch).toArray();
        Dnd.Neighbours[] many = new Dnd.Neighbours[batch];
        Arrays.setAll(many, i -> new Dnd.Neighbours(neighbours));
        double batched = timePerCall(() -> dnd.nearest(queries, rows, batch, many), seconds) / batch;
        Map<String, Object> p = parameters(dnd.capacity(), dnd.keySize(), neighbours, search);
        Map<String, Object> b = new LinkedHashMap<>(p);
        b.put("batch", batch);
        List<Measurement> out = new ArrayList<>(List.of(new Measurement("dnd", p, "us_per_query", single * 1e6),
                new Measurement("dnd", b, "us_per_query", batched * 1e6),
                new Measurement("dnd", b, "queries_per_s", 1 / batched)));
        long before = usedHeap();
        Dnd copy = filled(dnd.capacity(), dnd.keySize(), dnd.indexed() ? 0 : Integer.MAX_VALUE, 1);
        out.add(new Measurement("dnd", p, "bytes_per_key", (usedHeap() - before) / (double) copy.size()));
        // a full DND: every write of a new state evicts the least recently used (and moves it between index lists)
        float[] key = gaussian(dnd.keySize(), new SplittableRandom(3));
        long[] next = {dnd.capacity()};
        out.add(new Measurement("dnd", p, "writes_per_s", 1 / timePerCall(() -> dnd.write(next[0]++, key, 0, 1, 0.1), seconds)));
        return out;
    }

    /** The fraction of the exact p nearest neighbours the index finds, over the queries. */
    private static double recall(Dnd exact, Dnd indexed, float[] queries, int batch, int dim, int neighbours) {
        Dnd.Neighbours truth = new Dnd.Neighbours(neighbours);
        Dnd.Neighbours found = new Dnd.Neighbours(neighbours);
        long hits = 0;
        long total = 0;
        for (int q = 0; q < batch; q++) {
            exact.nearest(queries, q * dim, truth);
            indexed.nearest(queries, q * dim, found);
            Set<Integer> expected = new HashSet<>();
            for (int i = 0; i < truth.count(); i++) {
                expected.add(truth.slot(i));
            }
            for (int i = 0; i < found.count(); i++) {
                hits += expected.contains(found.slot(i)) ? 1 : 0;
            }
            total += truth.count();
        }
        return (double) hits / total;
    }

    private static Map<String, Object> parameters(int keys, int dim, int neighbours, String search) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("search", search);
        p.put("keys", keys);
        p.put("dim", dim);
        p.put("neighbours", neighbours);
        return p;
    }

    /** Seconds per call of {@code task}: a warm-up of a third of {@code seconds}, then the mean over the rest. */
    private static double timePerCall(Runnable task, double seconds) {
        long warmUpEnd = System.nanoTime() + (long) (seconds / 3 * 1e9);
        while (System.nanoTime() < warmUpEnd) {
            task.run();
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 2 / 3 * 1e9);
        long calls = 0;
        long now;
        do {
            task.run();
            calls++;
            now = System.nanoTime();
        } while (now < end);
        return (now - start) / 1e9 / calls;
    }

    private static float[] gaussian(int n, SplittableRandom random) {
        float[] out = new float[n];
        fill(out, random);
        return out;
    }

    private static void fill(float[] out, SplittableRandom random) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) random.nextGaussian();
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
