package ai.engram.train;

import ai.engram.env.VectorEnv;

/**
 * The act-step-observe cycle on a vector env, shared by the single-process loop and the actor
 * runtime's environment workers: act for every copy at once, step them all, hand each transition
 * to an observer (with the final observation when an episode ended, so a truncated episode can
 * bootstrap from it), and keep each copy's running episode return and length.
 */
public final class VectorRollout {

    /** Chooses actions for a batch of observations. */
    @FunctionalInterface
    public interface Acting {
        void act(float[] observations, int count, double[] actions);
    }

    /** Receives one env step of copy {@code env}, as {@code Agent.observe} and {@code NStepAdder.add} do. */
    @FunctionalInterface
    public interface Observer {
        void observe(int env, float[] observation, int observationOffset, double[] action, int actionOffset,
                     double reward, float[] nextObservation, int nextObservationOffset, boolean terminated,
                     boolean truncated);
    }

    /** Copy {@code env} finished an episode. */
    @FunctionalInterface
    public interface EpisodeEnd {
        void ended(int env, double episodeReturn, int length);
    }

    private final VectorEnv envs;
    private final float[] before;
    private final double[] actions;
    private final double[] returns;
    private final int[] lengths;

    /** Continues episodes whose returns and lengths so far are given (zeros for fresh ones). */
    public VectorRollout(VectorEnv envs, double[] returns, int[] lengths) {
        this.envs = envs;
        this.before = new float[envs.numEnvs() * envs.observationSize()];
        this.actions = new double[envs.numEnvs() * envs.actionSize()];
        this.returns = returns.clone();
        this.lengths = lengths.clone();
    }

    public VectorRollout(VectorEnv envs) {
        this(envs, new double[envs.numEnvs()], new int[envs.numEnvs()]);
    }

    /** One vector step: {@code numEnvs()} env steps. */
    public void step(Acting acting, Observer observer, EpisodeEnd episodeEnd) {
        int k = envs.numEnvs();
        int obsSize = envs.observationSize();
        int actionSize = envs.actionSize();
        System.arraycopy(envs.observations(), 0, before, 0, before.length);
        acting.act(before, k, actions);
        envs.step(actions);
        float[] after = envs.observations();
        float[] finals = envs.finalObservations();
        for (int i = 0; i < k; i++) {
            boolean done = envs.done(i);
            double r = envs.rewards()[i];
            observer.observe(i, before, i * obsSize, actions, i * actionSize, r, done ? finals : after, i * obsSize,
                    envs.terminated()[i], envs.truncated()[i]);
            returns[i] += r;
            lengths[i]++;
            if (done) {
                episodeEnd.ended(i, returns[i], lengths[i]);
                returns[i] = 0;
                lengths[i] = 0;
            }
        }
    }

    /** The running returns of the unfinished episodes (a copy), for checkpoints. */
    public double[] returns() {
        return returns.clone();
    }

    /** The running lengths of the unfinished episodes (a copy), for checkpoints. */
    public int[] lengths() {
        return lengths.clone();
    }
}
