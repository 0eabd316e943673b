package ai.engram.agent.nec;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A Differentiable Neural Dictionary (Pritzel et al. 2017), one per action: keys (embeddings h_i)
 * and values (Q estimates v_i) in contiguous float arrays, evicting the least recently used entry
 * when full, with an exact-match map from a state's hash to its slot for the tabular write rule.
 *
 * <p>Up to {@code exactLimit} keys the lookup is an exact k-nearest-neighbour scan over the
 * contiguous keys with a bounded max-heap; batched queries scan the keys in blocks that stay in
 * cache while every query of the batch reads them. Beyond, an exact scan is bound by memory
 * bandwidth (1e5 keys of 64 floats are 25.6 MB per query), so an inverted-file index
 * ({@link IvfIndex}) scans only the lists nearest the query. Neither rebuilds anything per write
 * (what makes public reimplementations slow): a write files its key under its nearest centroid, an
 * eviction takes it out, and the index is retrained after as many writes as it held keys when
 * last trained (so at sizes L, 2L, 4L, ... while the DND grows, then once per capacity writes),
 * as keys drift. Figures and the choice: docs/benchmarks.md, "NEC".
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
    private final int exactLimit;
    private final int probes;
    private IvfIndex index;
    private int writesSinceIndex;
    private int indexedSize;

    /** A DND that always searches exactly. */
    public Dnd(int capacity, int keySize) {
        this(capacity, keySize, Integer.MAX_VALUE, 1);
    }

    /** A DND that searches exactly up to {@code exactLimit} keys, and beyond through an index probing {@code probes} lists. */
    public Dnd(int capacity, int keySize, int exactLimit, int probes) {
        if (capacity < 1 || keySize < 1) {
            throw new IllegalArgumentException("a DND needs a positive capacity and key size, got " + capacity + " and " + keySize);
        }
        this.capacity = capacity;
        this.keySize = keySize;
        this.exactLimit = exactLimit;
        this.probes = probes;
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
            if (index != null) {
                index.remove(slot);
            }
        }
        System.arraycopy(key, keyOffset, keys, slot * keySize, keySize);
        values[slot] = target;
        stateHashes[slot] = stateHash;
        slotOfState.put(stateHash, slot);
        append(slot);
        if (index != null) {
            index.add(slot, keys);
        }
        if (size > exactLimit && (index == null || ++writesSinceIndex >= indexedSize)) {
            rebuildIndex();
        }
        return slot;
    }

    /** Trains the index afresh on the current keys: about sqrt(size) lists, as FAISS advises. */
    private void rebuildIndex() {
        index = IvfIndex.trained(keys, size, capacity, keySize, (int) Math.round(Math.sqrt(size)), probes, size);
        writesSinceIndex = 0;
        indexedSize = size;
    }

    /** Whether lookups go through the approximate index (more than exactLimit keys). */
    public boolean indexed() {
        return index != null;
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

    /**
     * A gradient step on one entry: key -= step * keyGradient, value -= step * valueGradient. The
     * index keeps the key in its list (a small step rarely crosses to another list, and the next
     * retraining files it afresh) and refreshes its copy there.
     */
    public void descend(int slot, double[] keyGradient, int gradientOffset, double valueGradient, double step) {
        int k = slot * keySize;
        for (int j = 0; j < keySize; j++) {
            keys[k + j] -= (float) (step * keyGradient[gradientOffset + j]);
        }
        values[slot] -= (float) (step * valueGradient);
        if (index != null) {
            index.update(slot, keys);
        }
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

        /** Keeps (d, slot) if it is among the p nearest so far: a bounded max-heap, the largest kept distance at its root. */
        void offer(float d, int slot) {
            int p = slots.length;
            if (count < p) {
                siftUp(distances, slots, count++, d, slot);
            } else if (d < distances[0]) {
                siftDown(distances, slots, p, d, slot);
            }
        }
    }

    /** The p nearest keys (squared Euclidean distance) to {@code query[offset .. offset + keySize)}. */
    public void nearest(float[] query, int offset, Neighbours out) {
        out.count = 0;
        if (index != null) {
            index.search(query, offset, out);
        } else {
            scan(query, offset, 0, size, out);
        }
    }

    /**
     * Batched lookup for the learner: the neighbours of rows {@code rows[0 .. count)} of
     * {@code queries} (row-major, keySize wide), row r's into {@code out[r]}. Equal to
     * {@link #nearest} per row, but each block of keys is read from memory once for the whole batch.
     */
    public void nearest(float[] queries, int[] rows, int count, Neighbours[] out) {
        if (index != null) {
            for (int q = 0; q < count; q++) {
                nearest(queries, rows[q] * keySize, out[rows[q]]);
            }
            return;
        }
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

    /** Offers keys [from, to) to the neighbour heap of {@code out}. */
    private void scan(float[] query, int offset, int from, int to, Neighbours out) {
        for (int i = from; i < to; i++) {
            offer(query, offset, i, out);
        }
    }

    private void offer(float[] query, int offset, int slot, Neighbours out) {
        out.offer(squaredDistance(query, offset, keys, slot * keySize, keySize), slot);
    }

    /** ||a - b||^2 over {@code dim} floats, with four independent sums: the JIT does not reorder a float sum itself. */
    static float squaredDistance(float[] a, int aOffset, float[] b, int bOffset, int dim) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int j = 0;
        for (int end = dim & ~3; j < end; j += 4) {
            float x0 = a[aOffset + j] - b[bOffset + j];
            float x1 = a[aOffset + j + 1] - b[bOffset + j + 1];
            float x2 = a[aOffset + j + 2] - b[bOffset + j + 2];
            float x3 = a[aOffset + j + 3] - b[bOffset + j + 3];
            s0 += x0 * x0;
            s1 += x1 * x1;
            s2 += x2 * x2;
            s3 += x3 * x3;
        }
        for (; j < dim; j++) {
            float x = a[aOffset + j] - b[bOffset + j];
            s0 += x * x;
        }
        return (s0 + s1) + (s2 + s3);
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
                Arrays.copyOf(stateHashes, size), recency(), index == null ? null : index.state(), writesSinceIndex,
                indexedSize);
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
        // the saved index, not a fresh one: its lists (and their staleness) decide which neighbours a lookup finds
        index = state.index() == null ? null : IvfIndex.restored(state.index(), keys, size, capacity, keySize, probes);
        writesSinceIndex = state.writesSinceIndex();
        indexedSize = state.indexedSize();
    }

    /** The live entries, their order of use (least recent first), and the index over them with its retraining clock. */
    public record State(float[] keys, float[] values, long[] stateHashes, int[] recency, IvfIndex.State index,
                        int writesSinceIndex, int indexedSize) {
    }
}
