package ai.engram.env;

import ai.engram.env.classic.ClassicControlEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * K copies of one environment stepped together, with auto-reset: when copy i finishes an episode,
 * its final observation is kept in {@link #finalObservations()} (to bootstrap a truncated
 * episode) and {@link #observations()} holds the first observation of its next episode, all in the
 * same {@link #step(double[])}. All per-step data lives in contiguous primitive arrays owned by
 * this object and overwritten by each step; stepping allocates nothing.
 */
public final class VectorEnv implements AutoCloseable {

    private final Env[] envs;
    private final int observationSize;
    private final int actionSize;
    private final float[] observations;
    private final float[] finalObservations;
    private final double[] rewards;
    private final boolean[] terminated;
    private final boolean[] truncated;
    private final StepOutcome outcome = new StepOutcome();

    public VectorEnv(List<? extends Env> envs) {
        if (envs.isEmpty()) {
            throw new IllegalArgumentException("a VectorEnv needs at least one environment");
        }
        this.envs = envs.toArray(Env[]::new);
        Env first = this.envs[0];
        for (Env env : this.envs) {
            if (!env.observationSpace().equals(first.observationSpace()) || !env.actionSpace().equals(first.actionSpace())) {
                throw new IllegalArgumentException("a VectorEnv needs copies of one environment; " + env.id()
                        + " has other spaces than " + first.id());
            }
        }
        observationSize = first.observationSize();
        actionSize = first.actionSpace().flatSize();
        int k = this.envs.length;
        observations = new float[k * observationSize];
        finalObservations = new float[k * observationSize];
        rewards = new double[k];
        terminated = new boolean[k];
        truncated = new boolean[k];
    }

    public static VectorEnv of(Supplier<? extends Env> factory, int copies) {
        List<Env> envs = new ArrayList<>(copies);
        for (int i = 0; i < copies; i++) {
            envs.add(factory.get());
        }
        return new VectorEnv(envs);
    }

    public int numEnvs() {
        return envs.length;
    }

    public int observationSize() {
        return observationSize;
    }

    public int actionSize() {
        return actionSize;
    }

    public Space observationSpace() {
        return envs[0].observationSpace();
    }

    public Space actionSpace() {
        return envs[0].actionSpace();
    }

    public String id() {
        return envs[0].id();
    }

    /** Resets copy i with seed {@code seed + i}, as Gymnasium's vector environments do. */
    public void reset(long seed) {
        for (int i = 0; i < envs.length; i++) {
            envs[i].reset(seed + i, observations, i * observationSize);
            clearStep(i);
        }
    }

    /** Steps every copy with its action from {@code actions[i * actionSize() ..]}. */
    public void step(double[] actions) {
        if (actions.length < envs.length * actionSize) {
            throw new IllegalArgumentException("expected " + envs.length * actionSize + " action numbers for "
                    + envs.length + " envs, got " + actions.length);
        }
        for (int i = 0; i < envs.length; i++) {
            int o = i * observationSize;
            envs[i].step(actions, i * actionSize, observations, o, outcome);
            rewards[i] = outcome.reward;
            terminated[i] = outcome.terminated;
            truncated[i] = outcome.truncated;
            if (outcome.terminated || outcome.truncated) {
                System.arraycopy(observations, o, finalObservations, o, observationSize);
                envs[i].reset(observations, o);
            }
        }
    }

    private void clearStep(int i) {
        rewards[i] = 0;
        terminated[i] = false;
        truncated[i] = false;
    }

    /** Current observations, {@code numEnvs() x observationSize()} row-major. */
    public float[] observations() {
        return observations;
    }

    /** For copies whose episode ended in the last step, the observation it ended on. */
    public float[] finalObservations() {
        return finalObservations;
    }

    public double[] rewards() {
        return rewards;
    }

    public boolean[] terminated() {
        return terminated;
    }

    public boolean[] truncated() {
        return truncated;
    }

    public boolean done(int i) {
        return terminated[i] || truncated[i];
    }

    public Env env(int i) {
        return envs[i];
    }

    /**
     * The state of every copy and the current observations, when every copy is a built-in
     * environment (whose future is fully known to us); empty otherwise, e.g. for Gym servers.
     */
    public java.util.Optional<Snapshot> save() {
        List<ClassicControlEnv.Snapshot> states = new ArrayList<>();
        for (Env env : envs) {
            if (!(env instanceof ClassicControlEnv classic)) {
                return java.util.Optional.empty();
            }
            states.add(classic.save());
        }
        return java.util.Optional.of(new Snapshot(states, observations.clone()));
    }

    public void restore(Snapshot snapshot) {
        if (snapshot.envs().size() != envs.length) {
            throw new IllegalArgumentException("snapshot of " + snapshot.envs().size() + " envs, this VectorEnv has " + envs.length);
        }
        for (int i = 0; i < envs.length; i++) {
            ((ClassicControlEnv) envs[i]).restore(snapshot.envs().get(i));
            clearStep(i);
        }
        System.arraycopy(snapshot.observations(), 0, observations, 0, observations.length);
    }

    /** What {@link #save()} returns. */
    public record Snapshot(List<ClassicControlEnv.Snapshot> envs, float[] observations) {
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (Env env : envs) {
            try {
                env.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
