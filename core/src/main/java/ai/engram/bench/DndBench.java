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
 * recall. Keys and queries are Gaussian (no structure to exploit: the worst case of any index), or
 * blobs of standard deviation 0.5 around Gaussian centres, as embeddings of similar states cluster.
 * Times are CPU time of the measuring thread.
 */
public final class DndBench {

    private DndBench() {
    }

    /**
     * Every measurement on DNDs of {@code keys} keys of size {@code dim}, first exact, then indexed;
     * {@code clusters} 0 draws the keys i.i.d. Gaussian, more draws them around that many centres.
     */
    public static List<Measurement> run(int keys, int dim, int neighbours, int batch, int probes, int clusters,
                                        double seconds) {
        Keys distribution = new Keys(dim, clusters);
        float[] queries = new float[batch * dim];
        SplittableRandom queryRandom = new SplittableRandom(2);
        for (int q = 0; q < batch; q++) {
            distribution.draw(queries, q * dim, queryRandom);
        }
        Dnd exact = filled(keys, distribution, Integer.MAX_VALUE, probes);
        Dnd indexed = filled(keys, distribution, 0, probes);
        String ivf = "ivf, " + probes + " probes";
        String keyKind = clusters == 0 ? "gaussian" : clusters + " clusters";
        Map<String, Object> p = parameters(keys, dim, neighbours, ivf);
        p.put("keys_drawn", keyKind);
        // recall first: measuring writes replaces the keys
        List<Measurement> out = new ArrayList<>(List.of(new Measurement("dnd", p, "recall",
                recall(exact, indexed, queries, batch, dim, neighbours))));
        out.addAll(measure(exact, distribution, "exact", neighbours, batch, queries, seconds));
        out.addAll(measure(indexed, distribution, ivf, neighbours, batch, queries, seconds));
        return out;
    }

    /** Where keys and queries come from: i.i.d. Gaussian, or blobs around {@code clusters} Gaussian centres. */
    private static final class Keys {
        private final int dim;
        private final float[] centres;

        Keys(int dim, int clusters) {
            this.dim = dim;
            centres = gaussian(clusters * dim, new SplittableRandom(4));
        }

        void draw(float[] out, int offset, SplittableRandom random) {
            int c = centres.length == 0 ? -1 : random.nextInt(centres.length / dim);
            for (int j = 0; j < dim; j++) {
                double noise = random.nextGaussian();
                out[offset + j] = (float) (c < 0 ? noise : centres[c * dim + j] + 0.5 * noise);
            }
        }
    }

    private static Dnd filled(int keys, Keys distribution, int exactLimit, int probes) {
        Dnd dnd = new Dnd(keys, distribution.dim, exactLimit, probes);
        float[] key = new float[distribution.dim];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < keys; i++) {
            distribution.draw(key, 0, random);
            dnd.write(i, key, 0, i, 0.1);
        }
        return dnd;
    }

    private static List<Measurement> measure(Dnd dnd, Keys distribution, String search, int neighbours, int batch,
                                             float[] queries, double seconds) {
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
        Dnd copy = filled(dnd.capacity(), distribution, dnd.indexed() ? 0 : Integer.MAX_VALUE, 1);
        out.add(new Measurement("dnd", p, "bytes_per_key", (usedHeap() - before) / (double) copy.size()));
        // a full DND: every write of a new state evicts the least recently used (and moves it between index lists)
        float[] key = new float[dnd.keySize()];
        distribution.draw(key, 0, new SplittableRandom(3));
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

    /**
     * Seconds per call of {@code task}: a warm-up of a third of {@code seconds}, then the mean over
     * the rest, in CPU time of this thread, so that other jobs on a shared machine do not count.
     */
    private static double timePerCall(Runnable task, double seconds) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long warmUpEnd = threads.getCurrentThreadCpuTime() + (long) (seconds / 3 * 1e9);
        while (threads.getCurrentThreadCpuTime() < warmUpEnd) {
            task.run();
        }
        long start = threads.getCurrentThreadCpuTime();
        long end = start + (long) (seconds * 2 / 3 * 1e9);
        long calls = 0;
        long now;
        do {
            task.run();
            calls++;
            now = threads.getCurrentThreadCpuTime();
        } while (now < end);
        return (now - start) / 1e9 / calls;
    }

    private static float[] gaussian(int n, SplittableRandom random) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) random.nextGaussian();
        }
        return out;
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
