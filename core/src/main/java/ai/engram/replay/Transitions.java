package ai.engram.replay;

/**
 * A batch of transitions in contiguous primitive arrays, row i of each array belonging together:
 * (observation, action, reward, discount, next observation). {@code reward} is the n-step return
 * r_t + gamma r_{t+1} + ... and {@code discount} what multiplies the value of
 * {@code nextObservation}: gamma^n, or 0 when the episode terminated within the n steps.
 * {@code weight} is the importance weight of prioritized replay (1 for uniform) and {@code index}
 * where each row sits in the table, to update its priority.
 */
public final class Transitions {

    public final int capacity;
    public final int observationSize;
    public final int actionSize;
    public final float[] observation;
    public final double[] action;
    public final float[] reward;
    public final float[] discount;
    public final float[] nextObservation;
    public final float[] weight;
    public final int[] index;
    public int size;

    public Transitions(int capacity, int observationSize, int actionSize) {
        this.capacity = capacity;
        this.observationSize = observationSize;
        this.actionSize = actionSize;
        observation = new float[capacity * observationSize];
        action = new double[capacity * actionSize];
        reward = new float[capacity];
        discount = new float[capacity];
        nextObservation = new float[capacity * observationSize];
        weight = new float[capacity];
        index = new int[capacity];
    }

    /** Whether every observation, reward and next observation of the batch is a finite number. */
    public boolean isFinite() {
        return finite(observation, size * observationSize) && finite(reward, size)
                && finite(nextObservation, size * observationSize);
    }

    private static boolean finite(float[] values, int count) {
        for (int i = 0; i < count; i++) {
            if (!Float.isFinite(values[i])) {
                return false;
            }
        }
        return true;
    }
}
