package ai.engram.replay;

import java.util.Arrays;

/**
 * Transitions collected by an environment worker for one message to the replay buffer, in
 * contiguous primitive arrays that grow as needed. Ownership travels with the message: the worker
 * writes it again only after the replay buffer said it has read it.
 */
public final class TransitionBatch implements TransitionSink {

    private final int observationSize;
    private final int actionSize;
    private float[] observation;
    private double[] action;
    private float[] reward;
    private float[] discount;
    private float[] nextObservation;
    private int size;

    public TransitionBatch(int observationSize, int actionSize, int initialCapacity) {
        this.observationSize = observationSize;
        this.actionSize = actionSize;
        int capacity = Math.max(1, initialCapacity);
        observation = new float[capacity * observationSize];
        action = new double[capacity * actionSize];
        reward = new float[capacity];
        discount = new float[capacity];
        nextObservation = new float[capacity * observationSize];
    }

    @Override
    public void insert(float[] obs, int obsOffset, double[] act, int actOffset, double r, double d, float[] next,
                       int nextOffset) {
        if (size == reward.length) {
            int capacity = 2 * size;
            observation = Arrays.copyOf(observation, capacity * observationSize);
            action = Arrays.copyOf(action, capacity * actionSize);
            reward = Arrays.copyOf(reward, capacity);
            discount = Arrays.copyOf(discount, capacity);
            nextObservation = Arrays.copyOf(nextObservation, capacity * observationSize);
        }
        System.arraycopy(obs, obsOffset, observation, size * observationSize, observationSize);
        System.arraycopy(act, actOffset, action, size * actionSize, actionSize);
        reward[size] = (float) r;
        discount[size] = (float) d;
        System.arraycopy(next, nextOffset, nextObservation, size * observationSize, observationSize);
        size++;
    }

    public int size() {
        return size;
    }

    /** Empties the batch for reuse, keeping its arrays. */
    public void clear() {
        size = 0;
    }

    /** Hands every transition on to {@code table}, in as few array copies as its ring allows. */
    public void drainInto(ReplayTable table) {
        table.insertRows(observation, action, reward, discount, nextObservation, size);
    }
}
