package ai.engram.env.rl4j;

import ai.engram.env.Box;
import ai.engram.env.Discrete;
import ai.engram.env.Env;
import ai.engram.env.StepOutcome;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.deeplearning4j.gym.StepReply;
import org.deeplearning4j.rl4j.mdp.MDP;
import org.deeplearning4j.rl4j.space.DiscreteSpace;
import org.deeplearning4j.rl4j.space.ObservationSpace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An Engram {@link Env} with a {@link Discrete} action space and a {@link Box} observation space,
 * seen as an RL4J {@link MDP}, so that RL4J's learners (e.g. {@code QLearningDiscreteDense}) train
 * on it.
 *
 * <p><b>Termination and truncation.</b> RL4J's {@code MDP} has one done flag where Engram has two.
 * This adapter splits them the way RL4J 1.0.0-M1.1's own learners read them:
 * {@link StepReply#isDone()} is {@code terminated} only, and {@link #isDone()} is
 * {@code terminated || truncated}. RL4J's episode loops ({@code QLearning.trainEpoch},
 * {@code AsyncThreadDiscrete.trainSubEpoch}, {@code Policy.play}) stop on {@code mdp.isDone()} and
 * store {@code StepReply.isDone()} as the transition's terminal flag, so a time-limit truncation
 * ends the episode but is stored as non-terminal and bootstrapped, exactly as RL4J treats its own
 * {@code maxEpochStep} cut. Reporting truncation as done in the reply (old Gym's {@code done}, which
 * gym-java-client passes on) would teach a DQN that the state at the time limit is worth nothing.
 * What is lost: a hand-written loop that reads only {@code StepReply.isDone()} does not see
 * truncation; it must also check {@link #isDone()} (or {@link #isTruncated()}), or its next step
 * fails as stepping any finished Engram episode does.
 *
 * <p><b>Seeds.</b> RL4J resets without a seed. The first {@link #reset()} resets the env with the
 * seed given here and later resets continue its generator, as Gymnasium does after one
 * {@code reset(seed=...)}; the environment side of a run is reproducible from that seed. RL4J's
 * random actions (epsilon-greedy exploration calls {@code getActionSpace().randomAction()}) come
 * from a generator seeded with the same seed. {@link #newInstance()} (used by RL4J's asynchronous
 * learners) builds a fresh env from the factory with a seed drawn deterministically from this one.
 *
 * <p>Actions are RL4J's {@code 0 .. n-1}, mapped to Engram's {@code start .. start + n - 1}.
 */
public final class EnvAsMdp implements MDP<EnvObservation, Integer, DiscreteSpace> {

    private final Supplier<? extends Env> factory;
    private final Env env;
    private final long seed;
    private final SplittableRandom instanceSeeds;
    private final Discrete actions;
    private final Box observations;
    private final DiscreteSpace actionSpace;
    private final ObservationSpace<EnvObservation> observationSpace;
    private final double[] action = new double[1];
    private final StepOutcome outcome = new StepOutcome();
    private boolean seedUsed;
    private boolean terminated;
    private boolean truncated;

    /**
     * @param factory makes the environment (called once here, and once per {@link #newInstance()});
     *                this MDP owns what it returns and closes it in {@link #close()}
     * @param seed    the seed of the first reset
     */
    public EnvAsMdp(Supplier<? extends Env> factory, long seed) {
        this.factory = factory;
        this.env = factory.get();
        this.seed = seed;
        this.instanceSeeds = new SplittableRandom(seed);
        if (!(env.actionSpace() instanceof Discrete discrete) || !(env.observationSpace() instanceof Box box)) {
            env.close();
            throw new IllegalArgumentException("RL4J's discrete MDPs need a Discrete action space and a Box observation"
                    + " space; " + env.id() + " has " + env.actionSpace() + " and " + env.observationSpace());
        }
        this.actions = discrete;
        this.observations = box;
        this.actionSpace = new DiscreteSpace(discrete.n(), Nd4j.getRandomFactory().getNewRandomInstance(seed));
        this.observationSpace = new BoxSpace(env.id(), box);
    }

    @Override
    public ObservationSpace<EnvObservation> getObservationSpace() {
        return observationSpace;
    }

    @Override
    public DiscreteSpace getActionSpace() {
        return actionSpace;
    }

    @Override
    public EnvObservation reset() {
        float[] obs = new float[observations.flatSize()];
        if (seedUsed) {
            env.reset(obs, 0);
        } else {
            env.reset(seed, obs, 0);
            seedUsed = true;
        }
        terminated = false;
        truncated = false;
        return new EnvObservation(obs, observations.shape());
    }

    /** Steps the env; the reply's done flag is {@code terminated} only (see the class comment). */
    @Override
    public StepReply<EnvObservation> step(Integer rl4jAction) {
        if (rl4jAction == null || rl4jAction < 0 || rl4jAction >= actions.n()) {
            throw new IllegalArgumentException(env.id() + ": RL4J action " + rl4jAction + " is not in 0.."
                    + (actions.n() - 1));
        }
        action[0] = actions.start() + rl4jAction;
        float[] obs = new float[observations.flatSize()];
        env.step(action, 0, obs, 0, outcome);
        terminated = outcome.terminated;
        truncated = outcome.truncated;
        return new StepReply<>(new EnvObservation(obs, observations.shape()), outcome.reward, terminated, env.info());
    }

    /** Whether the episode has ended, by termination or by truncation. */
    @Override
    public boolean isDone() {
        return terminated || truncated;
    }

    /** Whether the last step ended the episode at a time limit (its last observation still has a value). */
    public boolean isTruncated() {
        return truncated;
    }

    @Override
    public void close() {
        env.close();
    }

    @Override
    public EnvAsMdp newInstance() {
        return new EnvAsMdp(factory, instanceSeeds.nextLong());
    }

    /** RL4J's view of a {@link Box}: its shape and, unlike {@code ArrayObservationSpace}, its real bounds. */
    private static final class BoxSpace implements ObservationSpace<EnvObservation> {

        private final String name;
        private final Box box;

        BoxSpace(String name, Box box) {
            this.name = name;
            this.box = box;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public int[] getShape() {
            return box.shape();
        }

        @Override
        public INDArray getLow() {
            return bounds(box.low());
        }

        @Override
        public INDArray getHigh() {
            return bounds(box.high());
        }

        private INDArray bounds(double[] values) {
            return Nd4j.create(values, Arrays.stream(box.shape()).asLongStream().toArray(), DataType.DOUBLE);
        }
    }
}
