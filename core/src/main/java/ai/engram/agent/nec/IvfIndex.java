package ai.engram.agent.nec;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * An inverted-file index over a DND's keys (FAISS's IndexIVFFlat): k-means centroids split the key
 * space into lists of slots; a query scans the keys of its {@code probes} nearest lists only. Adding
 * a key (assign it to its nearest centroid) and removing one (an eviction) are O(lists + 1), so
 * writes never rebuild the index; the owner retrains it now and then, as keys drift under gradient
 * steps and the embedding changes. Approximate: a neighbour in an unprobed list is missed.
 *
 * <p>Each list holds a copy of its keys, contiguous: scanning a list then streams memory instead of
 * gathering scattered keys (3.6x instead of the ideal 14x faster than the exact scan, measured
 * before the copies). The DND keeps its own contiguous keys for the exact path and the learner.
 */
final class IvfIndex {

    /** Lloyd iterations: the lists only need to be balanced and local, not converged. */
    private static final int KMEANS_ITERATIONS = 5;
    /** k-means trains on at most this many keys per list (FAISS warns below 39). */
    private static final int SAMPLE_PER_LIST = 40;

    private final int dim;
    private final int probes;
    private final float[] centroids;
    private final int lists;
    private final int[][] members;
    private final float[][] memberKeys;
    private final int[] memberCount;
    private final int[] listOf;
    private final int[] positionInList;
    private final float[] centroidDistance;
    private final int[] probed;

    /** Trains {@code lists} centroids on keys[0 .. size) and indexes them all. */
    static IvfIndex trained(float[] keys, int size, int capacity, int dim, int lists, int probes, long seed) {
        IvfIndex index = new IvfIndex(new float[lists * dim], size, capacity, dim, probes);
        index.kMeans(keys, size, new SplittableRandom(seed));
        for (int slot = 0; slot < size; slot++) {
            index.add(slot, keys);
        }
        return index;
    }

    /** The index a checkpoint saved, over the DND's restored keys: the same lists in the same order. */
    static IvfIndex restored(State state, float[] keys, int size, int capacity, int dim, int probes) {
        IvfIndex index = new IvfIndex(state.centroids().clone(), size, capacity, dim, probes);
        for (int l = 0; l < index.lists; l++) {
            for (int slot : state.members()[l]) {
                index.append(l, slot, keys);
            }
        }
        return index;
    }

    private IvfIndex(float[] centroids, int size, int capacity, int dim, int probes) {
        int lists = centroids.length / dim;
        this.centroids = centroids;
        this.dim = dim;
        this.lists = lists;
        this.probes = Math.min(probes, lists);
        members = new int[lists][];
        Arrays.setAll(members, l -> new int[Math.max(4, 2 * size / lists)]);
        memberKeys = new float[lists][];
        Arrays.setAll(memberKeys, l -> new float[members[l].length * dim]);
        memberCount = new int[lists];
        listOf = new int[capacity];
        positionInList = new int[capacity];
        centroidDistance = new float[lists];
        probed = new int[this.probes];
    }

    private void kMeans(float[] keys, int size, SplittableRandom random) {
        int n = Math.min(size, SAMPLE_PER_LIST * lists);
        int[] sample = new int[size];
        Arrays.setAll(sample, i -> i);
        for (int i = 0; i < n; i++) { // a partial Fisher-Yates shuffle: the first n are a uniform sample
            int j = i + random.nextInt(size - i);
            int t = sample[i];
            sample[i] = sample[j];
            sample[j] = t;
        }
        for (int l = 0; l < lists; l++) {
            System.arraycopy(keys, sample[l % n] * dim, centroids, l * dim, dim);
        }
        double[] sums = new double[lists * dim];
        int[] counts = new int[lists];
        for (int iteration = 0; iteration < KMEANS_ITERATIONS; iteration++) {
            Arrays.fill(sums, 0);
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                int k = sample[i] * dim;
                int l = nearestCentroid(keys, k);
                counts[l]++;
                for (int j = 0; j < dim; j++) {
                    sums[l * dim + j] += keys[k + j];
                }
            }
            for (int l = 0; l < lists; l++) {
                if (counts[l] > 0) { // an empty list keeps its centroid
                    for (int j = 0; j < dim; j++) {
                        centroids[l * dim + j] = (float) (sums[l * dim + j] / counts[l]);
                    }
                }
            }
        }
    }

    private int nearestCentroid(float[] keys, int offset) {
        int best = 0;
        float bestDistance = Float.POSITIVE_INFINITY;
        for (int l = 0; l < lists; l++) {
            float d = Dnd.squaredDistance(keys, offset, centroids, l * dim, dim);
            if (d < bestDistance) {
                bestDistance = d;
                best = l;
            }
        }
        return best;
    }

    /** Files the key in {@code keys} at {@code slot} under its nearest centroid. */
    void add(int slot, float[] keys) {
        append(nearestCentroid(keys, slot * dim), slot, keys);
    }

    private void append(int l, int slot, float[] keys) {
        if (memberCount[l] == members[l].length) {
            members[l] = Arrays.copyOf(members[l], 2 * members[l].length);
            memberKeys[l] = Arrays.copyOf(memberKeys[l], 2 * memberKeys[l].length);
        }
        listOf[slot] = l;
        positionInList[slot] = memberCount[l];
        members[l][memberCount[l]] = slot;
        System.arraycopy(keys, slot * dim, memberKeys[l], memberCount[l] * dim, dim);
        memberCount[l]++;
    }

    /** Refreshes the list's copy of the key at {@code slot} after the DND changed it. */
    void update(int slot, float[] keys) {
        System.arraycopy(keys, slot * dim, memberKeys[listOf[slot]], positionInList[slot] * dim, dim);
    }

    /** Takes {@code slot} out of its list (the list's last member fills its place). */
    void remove(int slot) {
        int l = listOf[slot];
        int lastPosition = --memberCount[l];
        int last = members[l][lastPosition];
        int position = positionInList[slot];
        members[l][position] = last;
        System.arraycopy(memberKeys[l], lastPosition * dim, memberKeys[l], position * dim, dim);
        positionInList[last] = position;
    }

    /** Offers the members of the {@code probes} lists nearest the query to the neighbour heap {@code out}. */
    void search(float[] query, int offset, Dnd.Neighbours out) {
        for (int l = 0; l < lists; l++) {
            centroidDistance[l] = Dnd.squaredDistance(query, offset, centroids, l * dim, dim);
        }
        // the probes nearest lists by insertion into a short sorted array: probes is small
        int found = 0;
        for (int l = 0; l < lists; l++) {
            float d = centroidDistance[l];
            if (found == probes && d >= centroidDistance[probed[found - 1]]) {
                continue;
            }
            int at = found < probes ? found++ : found - 1;
            while (at > 0 && centroidDistance[probed[at - 1]] > d) {
                probed[at] = probed[at - 1];
                at--;
            }
            probed[at] = l;
        }
        for (int i = 0; i < found; i++) {
            int l = probed[i];
            int[] slots = members[l];
            float[] listKeys = memberKeys[l];
            for (int m = 0, count = memberCount[l]; m < count; m++) {
                out.offer(Dnd.squaredDistance(query, offset, listKeys, m * dim, dim), slots[m]);
            }
        }
    }

    /** The centroids and each list's members in order: with the DND's keys, everything the index is. */
    State state() {
        int[][] saved = new int[lists][];
        Arrays.setAll(saved, l -> Arrays.copyOf(members[l], memberCount[l]));
        return new State(centroids.clone(), saved);
    }

    record State(float[] centroids, int[][] members) {
    }
}
