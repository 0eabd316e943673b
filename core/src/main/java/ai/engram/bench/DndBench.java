package ai.engram.bench;

import ai.engram.agent.nec.Dnd;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The DND's lookup, the hot path of NEC: one query, a batch of queries (the learner's), writes,
 * and memory per key, on Gaussian keys (no structure to exploit, the worst case of any index).
 */
public final class DndBench {

    private DndBench() {
    }

    /** Runs every measurement on a DND of {@code keys} keys of size {@code dim}. */
    public static List<Measurement> run(int keys, int dim, int neighbours, int batch, double seconds) {
        SplittableRandom random = new SplittableRandom(1);
        long before = usedHeap();
        Dnd dnd = new Dnd(keys, dim);
        float[] key = new float[dim];
        for (int i = 0; i < keys; i++) {
            gaussian(key, random);
            dnd.write(i, key, 0, i, 0.1);
        }
        double bytesPerKey = (usedHeap() - before) / (double) keys;
        float[] queries = new float[batch * dim];
        gaussian(queries, random);
        Dnd.Neighbours one = new Dnd.Neighbours(neighbours);
        double single = timePerCall(() -> dnd.nearest(queries, 0, one), seconds);
        int[] rows = IntStream.range(0, batch).toArray();
        Dnd.Neighbours[] many = new Dnd.Neighbours[batch];
        Arrays.setAll(many, i -> new Dnd.Neighbours(neighbours));
        double batched = timePerCall(() -> dnd.nearest(queries, rows, batch, many), seconds) / batch;
        long[] next = {keys};
        // a full DND: every write of a new state evicts the least recently used
        double write = timePerCall(() -> dnd.write(next[0]++, key, 0, 1, 0.1), seconds);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("keys", keys);
        p.put("dim", dim);
        p.put("neighbours", neighbours);
        Map<String, Object> b = new LinkedHashMap<>(p);
        b.put("batch", batch);
        return List.of(new Measurement("dnd", p, "us_per_query", single * 1e6),
                new Measurement("dnd", b, "us_per_query", batched * 1e6),
                new Measurement("dnd", b, "queries_per_s", 1 / batched),
                new Measurement("dnd", p, "writes_per_s", 1 / write),
                new Measurement("dnd", p, "bytes_per_key", bytesPerKey));
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

    private static void gaussian(float[] out, SplittableRandom random) {
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
