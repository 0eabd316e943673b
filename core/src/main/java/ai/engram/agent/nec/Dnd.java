package ai.engram.agent.nec;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A Differentiable Neural Dictionary (Pritzel et al. 2017), one per action: keys (embeddings h_i)
 * and values (Q estimates v_i) in contiguous float arrays, evicting the least recently used entry
 * when full, with an exact-match map from a state's hash to its slot for the tabular write rule.
 *
 * <p>The lookup is an exact k-nearest-neighbour scan over the contiguous keys with a bounded
 * max-heap, so a write never rebuilds an index (what makes public reimplementations slow). Batched
 * queries scan the keys in blocks that stay in L1 cache while every query of the batch reads them.
 * Measured figures and the choice against an approximate index: docs/benchmarks.md, "NEC".
 *
 * <p>Not thread-safe: the learner is its only writer, and in single-process mode acting runs on
 * the same thread.
 */
public final class Dnd {

    /** Keys scanned per block by a batched query: 256 keys of 64 floats fill half of a 128 KB L1/L2 slice. */
    private static final int BLOCK = 256;

    private final int capacity;
    private final int keySize;
    private final float[] keys;
    private final float[] values;
    private final long[] stateHashes;
    /** The recency list, a doubly linked list over slots: head is the least recently used, tail the most. */
    private final int[] older;
    private final int[] newer;
    private int head = -1;
    private int tail = -1;
    private int size;
    private final Map<Long, Integer> slotOfState = new HashMap<>();

    public Dnd(int capacity, int keySize) {
        if (capacity < 1 || keySize < 1) {
            throw new IllegalArgumentException("a DND needs a positive capacity and key size, got " + capacity + " and " + keySize);
        }
        this.capacity = capacity;
        this.keySize = keySize;
        keys = new float[capacity * keySize];
        values = new float[capacity];
        stateHashes = new long[capacity];
        older = new int[capacity];
        newer = new int[capacity];
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    public int keySize() {
        return keySize;
    }

    public float value(int slot) {
        return values[slot];
    }

    /** Copies key {@code slot} into {@code out[offset ..]}. */
    public void key(int slot, float[] out, int offset) {
        System.arraycopy(keys, slot * keySize, out, offset, keySize);
    }

    /** The slot holding the state with this hash, or -1. */
    public int slotOf(long stateHash) {
        Integer slot = slotOfState.get(stateHash);
        return slot == null ? -1 : slot;
    }

    /** The slots from least to most recently used. */
    public int[] recency() {
        int[] out = new int[size];
        int i = 0;
        for (int s = head; s >= 0; s = newer[s]) {
            out[i++] = s;
        }
        return out;
    }

    /**
     * The paper's write: if the state is present, its value moves towards {@code target} by
     * {@code alpha} (Q_i += alpha (Q^N - Q_i)); otherwise (key, target) is appended, evicting the
     * least recently used entry when full. Either way the entry becomes the most recently used.
     * Returns its slot.
     */
    public int write(long stateHash, float[] key, int keyOffset, float target, double alpha) {
        Integer present = slotOfState.get(stateHash);
        if (present != null) {
            int slot = present;
            values[slot] += (float) (alpha * (target - values[slot]));
            touch(slot);
            return slot;
        }
        int slot;
        if (size < capacity) {
            slot = size++;
        } else {
            slot = head;
            unlink(slot);
            slotOfState.remove(stateHashes[slot]);
        }
        System.arraycopy(key, keyOffset, keys, slot * keySize, keySize);
        values[slot] = target;
        stateHashes[slot] = stateHash;
        slotOfState.put(stateHash, slot);
        append(slot);
        return slot;
    }

    /** Marks a slot as just used (a neighbour in an acting lookup), so eviction spares it longest. */
    public void touch(int slot) {
        if (slot != tail) {
            unlink(slot);
            append(slot);
        }
    }

    private void unlink(int slot) {
        int o = older[slot];
        int n = newer[slot];
        if (o >= 0) {
            newer[o] = n;
        } else {
            head = n;
        }
        if (n >= 0) {
            older[n] = o;
        } else {
            tail = o;
        }
    }

    private void append(int slot) {
        older[slot] = tail;
        newer[slot] = -1;
        if (tail >= 0) {
            newer[tail] = slot;
        } else {
            head = slot;
        }
        tail = slot;
    }

    /** A gradient step on one entry: key -= step * keyGradient, value -= step * valueGradient. */
    public void descend(int slot, double[] keyGradient, int gradientOffset, double valueGradient, double step) {
        int k = slot * keySize;
        for (int j = 0; j < keySize; j++) {
            keys[k + j] -= (float) (step * keyGradient[gradientOffset + j]);
        }
        values[slot] -= (float) (step * valueGradient);
    }

    /** The result of one query: up to p slots with their squared distances, in no particular order. */
    public static final class Neighbours {
        final int[] slots;
        final float[] distances;
        int count;

        public Neighbours(int p) {
            slots = new int[p];
            distances = new float[p];
        }

        public int count() {
            return count;
        }

        public int slot(int i) {
            return slots[i];
        }

        public float distance(int i) {
            return distances[i];
        }
    }

    /** The p nearest keys (squared Euclidean distance) to {@code query[offset .. offset + keySize)}. */
    public void nearest(float[] query, int offset, Neighbours out) {
        out.count = 0;
        scan(query, offset, 0, size, out);
    }

    /**
     * Batched lookup for the learner: the neighbours of rows {@code rows[0 .. count)} of
     * {@code queries} (row-major, keySize wide), row r's into {@code out[r]}. Equal to
     * {@link #nearest} per row, but each block of keys is read from memory once for the whole batch.
     */
    public void nearest(float[] queries, int[] rows, int count, Neighbours[] out) {
        for (int q = 0; q < count; q++) {
            out[rows[q]].count = 0;
        }
        for (int from = 0; from < size; from += BLOCK) {
            int to = Math.min(size, from + BLOCK);
            for (int q = 0; q < count; q++) {
                scan(queries, rows[q] * keySize, from, to, out[rows[q]]);
            }
        }
    }

    /** Q = sum_i w_i v_i over found neighbours, w_i = k_i / sum_j k_j, k_i = 1 / (d_i + delta); 0 with none (NecLoss differentiates it). */
    public double q(Neighbours neighbours, double delta) {
        double weighted = 0;
        double total = 0;
        for (int i = 0; i < neighbours.count; i++) {
            double k = 1 / (neighbours.distances[i] + delta);
            weighted += k * values[neighbours.slots[i]];
            total += k;
        }
        return total == 0 ? 0 : weighted / total;
    }

    /** Offers keys [from, to) to the bounded max-heap in {@code out} (the largest kept distance at the root). */
    private void scan(float[] query, int offset, int from, int to, Neighbours out) {
        int p = out.slots.length;
        int[] heapSlots = out.slots;
        float[] heap = out.distances;
        int n = out.count;
        float worst = n == p ? heap[0] : Float.POSITIVE_INFINITY;
        int d4 = keySize & ~3;
        for (int i = from; i < to; i++) {
            int k = i * keySize;
            // four independent accumulators: the JIT cannot reorder a float sum by itself
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            int j = 0;
            for (; j < d4; j += 4) {
                float x0 = query[offset + j] - keys[k + j];
                float x1 = query[offset + j + 1] - keys[k + j + 1];
                float x2 = query[offset + j + 2] - keys[k + j + 2];
                float x3 = query[offset + j + 3] - keys[k + j + 3];
                s0 += x0 * x0;
                s1 += x1 * x1;
                s2 += x2 * x2;
                s3 += x3 * x3;
            }
            for (; j < keySize; j++) {
                float x = query[offset + j] - keys[k + j];
                s0 += x * x;
            }
            float d = (s0 + s1) + (s2 + s3);
            if (n < p) {
                siftUp(heap, heapSlots, n++, d, i);
                if (n == p) {
                    worst = heap[0];
                }
            } else if (d < worst) {
                siftDown(heap, heapSlots, p, d, i);
                worst = heap[0];
            }
        }
        out.count = n;
    }

    private static void siftUp(float[] heap, int[] slots, int at, float d, int slot) {
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (heap[parent] >= d) {
                break;
            }
            heap[at] = heap[parent];
            slots[at] = slots[parent];
            at = parent;
        }
        heap[at] = d;
        slots[at] = slot;
    }

    /** Replaces the root with (d, slot) and restores the heap. */
    private static void siftDown(float[] heap, int[] slots, int n, float d, int slot) {
        int at = 0;
        while (true) {
            int child = 2 * at + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && heap[child + 1] > heap[child]) {
                child++;
            }
            if (heap[child] <= d) {
                break;
            }
            heap[at] = heap[child];
            slots[at] = slots[child];
            at = child;
        }
        heap[at] = d;
        slots[at] = slot;
    }

    /** Bytes held per key slot, hash map excluded: key, value, state hash, two recency links. */
    public int bytesPerSlot() {
        return keySize * Float.BYTES + Float.BYTES + Long.BYTES + 2 * Integer.BYTES;
    }

    /** Everything a checkpoint needs; the exact-match map is rebuilt from the hashes. */
    public State state() {
        return new State(Arrays.copyOf(keys, size * keySize), Arrays.copyOf(values, size),
                Arrays.copyOf(stateHashes, size), recency());
    }

    public void restore(State state) {
        int n = state.values().length;
        if (n > capacity || state.keys().length != n * keySize) {
            throw new IllegalArgumentException("DND state of " + n + " keys of size " + (n == 0 ? keySize : state.keys().length / n)
                    + " does not fit a DND of capacity " + capacity + " and key size " + keySize);
        }
        System.arraycopy(state.keys(), 0, keys, 0, state.keys().length);
        System.arraycopy(state.values(), 0, values, 0, n);
        System.arraycopy(state.stateHashes(), 0, stateHashes, 0, n);
        size = n;
        head = -1;
        tail = -1;
        slotOfState.clear();
        for (int slot : state.recency()) {
            append(slot);
            slotOfState.put(stateHashes[slot], slot);
        }
    }

    /** The live entries and their order of use (least recent first). */
    public record State(float[] keys, float[] values, long[] stateHashes, int[] recency) {
    }
}
