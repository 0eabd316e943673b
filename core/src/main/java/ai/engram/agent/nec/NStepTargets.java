package ai.engram.agent.nec;


/**
 * NEC's N-step Q targets, per environment copy: Q^N(s_t, a_t) = sum_{j<N} gamma^j r_{t+j} +
 * gamma^N max_a Q(s_{t+N}, a). Holds each copy's last steps until their target is known, then
 * hands (s_t, a_t, Q^N) to a sink (the DND write and the replay insert). An episode's end flushes
 * its copy: with no bootstrap if it terminated, from the final observation if it was truncated.
 */
final class NStepTargets {

    /** Receives a finished (s, a, Q^N). */
    interface Sink {
        void accept(float[] observation, int offset, int action, double target);
    }

    private final int n;
    private final int observationSize;
    private final double gamma;
    private final float[] observations;
    private final int[] actions;
    private final double[] rewards;
    private final int[] oldest;
    private final int[] pending;

    NStepTargets(int numEnvs, int observationSize, int n, double gamma) {
        this.n = n;
        this.observationSize = observationSize;
        this.gamma = gamma;
        observations = new float[numEnvs * n * observationSize];
        actions = new int[numEnvs * n];
        rewards = new double[numEnvs * n];
        oldest = new int[numEnvs];
        pending = new int[numEnvs];
    }

    void add(int env, float[] observation, int offset, int action, double reward) {
        int row = env * n + (oldest[env] + pending[env]) % n;
        System.arraycopy(observation, offset, observations, row * observationSize, observationSize);
        actions[row] = action;
        rewards[row] = reward;
        pending[env]++;
    }

    /** Whether copy {@code env} holds N steps, so its oldest target needs a bootstrap now. */
    boolean full(int env) {
        return pending[env] == n;
    }

    /** Emits the oldest pending step of {@code env}, bootstrapping from {@code value} after the newest. */
    void emitOldest(int env, double value, Sink sink) {
        int first = oldest[env];
        double target = value;
        for (int j = pending[env] - 1; j >= 0; j--) {
            target = rewards[env * n + (first + j) % n] + gamma * target;
        }
        int row = env * n + first;
        sink.accept(observations, row * observationSize, actions[row], target);
        oldest[env] = (first + 1) % n;
        pending[env]--;
    }

    /** Emits every pending step of {@code env}: an episode ended ({@code value} 0 if it terminated). */
    void flush(int env, double value, Sink sink) {
        while (pending[env] > 0) {
            emitOldest(env, value, sink);
        }
    }

    /** Forgets copy {@code env}'s unfinished episode (its environment starts over). */
    void drop(int env) {
        pending[env] = 0;
    }

    Snapshot snapshot() {
        return new Snapshot(observations.clone(), actions.clone(), rewards.clone(), oldest.clone(), pending.clone());
    }

    void restore(Snapshot s) {
        if (s.pending().length != pending.length || s.observations().length != observations.length) {
            throw new IllegalArgumentException("n-step state for " + s.pending().length + " envs does not fit "
                    + pending.length + " envs with N = " + n);
        }
        System.arraycopy(s.observations(), 0, observations, 0, observations.length);
        System.arraycopy(s.actions(), 0, actions, 0, actions.length);
        System.arraycopy(s.rewards(), 0, rewards, 0, rewards.length);
        System.arraycopy(s.oldest(), 0, oldest, 0, oldest.length);
        System.arraycopy(s.pending(), 0, pending, 0, pending.length);
    }

    record Snapshot(float[] observations, int[] actions, double[] rewards, int[] oldest, int[] pending) {
    }
}
