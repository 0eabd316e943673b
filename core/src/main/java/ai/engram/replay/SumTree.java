package ai.engram.replay;

/**
 * A binary tree over leaf priorities whose inner nodes hold the sums of their children: setting
 * a priority and finding the leaf where a prefix sum falls are both O(log n).
 */
final class SumTree {

    private final int leaves;
    private final double[] nodes;

    SumTree(int capacity) {
        int n = 1;
        while (n < capacity) {
            n <<= 1;
        }
        leaves = n;
        nodes = new double[2 * n];
    }

    void set(int leaf, double priority) {
        int i = leaf + leaves;
        double delta = priority - nodes[i];
        for (; i >= 1; i >>= 1) {
            nodes[i] += delta;
        }
    }

    double get(int leaf) {
        return nodes[leaf + leaves];
    }

    double total() {
        return nodes[1];
    }

    /** The leaf whose cumulative range contains {@code mass}, for 0 <= mass < total(). */
    int find(double mass) {
        int i = 1;
        while (i < leaves) {
            int left = 2 * i;
            if (mass < nodes[left] || nodes[left + 1] == 0) {
                i = left;
            } else {
                mass -= nodes[left];
                i = left + 1;
            }
        }
        return i - leaves;
    }

    double[] leafValues(int count) {
        double[] out = new double[count];
        System.arraycopy(nodes, leaves, out, 0, count);
        return out;
    }
}
