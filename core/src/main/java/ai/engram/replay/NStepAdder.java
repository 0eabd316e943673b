package ai.engram.replay;

/**
 * Turns the per-step stream of a vector environment into n-step transitions (Acme's adder): for
 * each copy it keeps the last n (observation, action, reward) and inserts
 * (o_t, a_t, r_t + gamma r_{t+1} + ... + gamma^{n-1} r_{t+n-1}, gamma^n, o_{t+n}). When an episode
 * ends, every pending step is inserted with what return it has: a terminated episode with discount
 * 0 (no bootstrap), a truncated one with gamma^k and the final observation (bootstrap from it).
 */
public final class NStepAdder {

    private final TransitionSink sink;
    private final int n;
    private final double gamma;
    private final int observationSize;
    private final int actionSize;
    private final float[][] observations;
    private final double[][] actions;
    private final double[][] rewards;
    private final int[] head;
    private final int[] count;

    public NStepAdder(TransitionSink sink, int numEnvs, int observationSize, int actionSize, int n, double gamma) {
        if (n < 1) {
            throw new IllegalArgumentException("n-step must be at least 1, got " + n);
        }
        this.sink = sink;
        this.n = n;
        this.gamma = gamma;
        this.observationSize = observationSize;
        this.actionSize = actionSize;
        observations = new float[numEnvs][n * observationSize];
        actions = new double[numEnvs][n * actionSize];
        rewards = new double[numEnvs][n];
        head = new int[numEnvs];
        count = new int[numEnvs];
    }

    /**
     * Records one step of copy {@code env}: it acted {@code action} on {@code observation}, got
     * {@code reward}, and {@code nextObservation} is what it observed next (the final observation
     * if the episode ended).
     */
    public void add(int env, float[] observation, int observationOffset, double[] action, int actionOffset, double reward,
                    float[] nextObservation, int nextObservationOffset, boolean terminated, boolean truncated) {
        int slot = (head[env] + count[env]) % n;
        System.arraycopy(observation, observationOffset, observations[env], slot * observationSize, observationSize);
        System.arraycopy(action, actionOffset, actions[env], slot * actionSize, actionSize);
        rewards[env][slot] = reward;
        count[env]++;
        if (terminated || truncated) {
            while (count[env] > 0) {
                emit(env, terminated, nextObservation, nextObservationOffset);
            }
            head[env] = 0;
        } else if (count[env] == n) {
            emit(env, false, nextObservation, nextObservationOffset);
        }
    }

    /** Inserts the oldest pending step of {@code env} with the return of all pending steps. */
    private void emit(int env, boolean terminated, float[] next, int nextOffset) {
        double ret = 0;
        double discount = 1;
        for (int k = 0; k < count[env]; k++) {
            ret += discount * rewards[env][(head[env] + k) % n];
            discount *= gamma;
        }
        int oldest = head[env];
        sink.insert(observations[env], oldest * observationSize, actions[env], oldest * actionSize, ret,
                terminated ? 0.0 : discount, next, nextOffset);
        head[env] = (head[env] + 1) % n;
        count[env]--;
    }

    /** Forgets copy {@code env}'s pending steps: its episode was cut and will never end. */
    public void drop(int env) {
        head[env] = 0;
        count[env] = 0;
    }

    /** The pending steps of every copy, for checkpoints. */
    public Snapshot snapshot() {
        return new Snapshot(deepCopy(observations), deepCopy(actions), deepCopy(rewards), head.clone(), count.clone());
    }

    public void restore(Snapshot s) {
        if (s.head().length != head.length) {
            throw new IllegalArgumentException("adder snapshot is for " + s.head().length + " envs, this adder has " + head.length);
        }
        for (int e = 0; e < head.length; e++) {
            System.arraycopy(s.observations()[e], 0, observations[e], 0, observations[e].length);
            System.arraycopy(s.actions()[e], 0, actions[e], 0, actions[e].length);
            System.arraycopy(s.rewards()[e], 0, rewards[e], 0, rewards[e].length);
        }
        System.arraycopy(s.head(), 0, head, 0, head.length);
        System.arraycopy(s.count(), 0, count, 0, count.length);
    }

    private static float[][] deepCopy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    public record Snapshot(float[][] observations, double[][] actions, double[][] rewards, int[] head, int[] count) {
    }
}
