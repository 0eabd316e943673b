package ai.engram.replay;

import ai.engram.env.NumpyRandom;

/**
 * Proportional prioritized replay (Schaul et al. 2016): row i is drawn with probability
 * p_i^alpha / sum_k p_k^alpha, its importance weight is (N P(i))^-beta normalised by the largest
 * weight, new rows get the largest priority seen so far, and beta is annealed towards 1 by the
 * caller through {@link #setBeta}. Sampling is stratified: one draw in each of batchSize equal
 * slices of the total mass, as in the paper.
 */
public final class PrioritizedSampler implements Sampler {

    private final double alpha;
    private final double epsilon;
    private final SumTree tree;
    private final int capacity;
    private NumpyRandom random;
    private double maxPriority = 1.0;
    private double beta;

    public PrioritizedSampler(int capacity, double alpha, double beta, double epsilon, long seed) {
        this.capacity = capacity;
        this.alpha = alpha;
        this.beta = beta;
        this.epsilon = epsilon;
        this.tree = new SumTree(capacity);
        this.random = new NumpyRandom(seed);
    }

    public void setBeta(double beta) {
        this.beta = beta;
    }

    @Override
    public void inserted(int row) {
        tree.set(row, Math.pow(maxPriority, alpha));
    }

    @Override
    public void sample(int size, int batchSize, int[] rows, float[] weights) {
        double total = tree.total();
        double slice = total / batchSize;
        double minProbability = Double.MAX_VALUE;
        for (int i = 0; i < batchSize; i++) {
            double mass = Math.min((i + random.nextDouble()) * slice, Math.nextDown(total));
            int row = Math.min(tree.find(mass), size - 1);
            rows[i] = row;
            double probability = tree.get(row) / total;
            weights[i] = (float) Math.pow(size * probability, -beta);
        }
        float maxWeight = 0;
        for (int i = 0; i < batchSize; i++) {
            maxWeight = Math.max(maxWeight, weights[i]);
        }
        for (int i = 0; i < batchSize; i++) {
            weights[i] /= maxWeight;
        }
    }

    /** Sets new priorities |TD error| + epsilon for the rows of the last batch. */
    public void update(int[] rows, float[] tdErrors, int count) {
        for (int i = 0; i < count; i++) {
            double priority = Math.abs(tdErrors[i]) + epsilon;
            maxPriority = Math.max(maxPriority, priority);
            tree.set(rows[i], Math.pow(priority, alpha));
        }
    }

    /** The probability that one draw picks {@code row}. */
    double probability(int row) {
        return tree.get(row) / tree.total();
    }

    @Override
    public State state() {
        return new State(random.state(), tree.leafValues(capacity), maxPriority, beta);
    }

    @Override
    public void restore(State state) {
        random = NumpyRandom.fromState(state.random());
        double[] p = state.priorities();
        for (int i = 0; i < p.length; i++) {
            tree.set(i, p[i]);
        }
        maxPriority = state.maxPriority();
        beta = state.beta();
    }
}
