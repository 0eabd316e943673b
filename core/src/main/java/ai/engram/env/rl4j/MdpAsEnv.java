package ai.engram.env.rl4j;

import ai.engram.env.Box;
import ai.engram.env.Discrete;
import ai.engram.env.Env;
import ai.engram.env.Space;
import ai.engram.env.StepOutcome;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.gym.StepReply;
import org.deeplearning4j.rl4j.mdp.MDP;
import org.deeplearning4j.rl4j.space.ArrayObservationSpace;
import org.deeplearning4j.rl4j.space.DiscreteSpace;
import org.deeplearning4j.rl4j.space.Encodable;
import org.deeplearning4j.rl4j.space.ObservationSpace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An RL4J {@link MDP} with a {@link DiscreteSpace} action space, seen as an Engram {@link Env}.
 *
 * <p><b>Spaces.</b> The action space is {@code Discrete(n)}. The observation space is a float32
 * {@link Box} of the MDP's shape, bounded by the MDP's {@code getLow()}/{@code getHigh()} when it
 * gives them and unbounded otherwise (null bounds, or RL4J's {@code ArrayObservationSpace}, whose
 * bounds are one-element zero placeholders). Observations are read with
 * {@link Encodable#toArray()}, the one method every RL4J 1.0.0-M1.1 observation implements (its
 * toy MDPs' states return null from {@code getData()}), and narrowed to float32 like every Engram
 * observation.
 *
 * <p><b>Termination and truncation.</b> RL4J MDPs have no time limit and one done flag. A done
 * {@link StepReply} is {@code terminated}. An episode the MDP ends ({@link MDP#isDone()}) without a
 * done reply, or one that reaches {@code maxEpisodeSteps}, is {@code truncated}: that is how RL4J's
 * own learners read the two flags, and it makes this class the exact inverse of {@link EnvAsMdp}.
 *
 * <p><b>Seeds.</b> RL4J's {@code MDP} has no seeded reset, and an arbitrary MDP cannot be reseeded
 * from outside. {@link #reset(long, float[], int)} therefore resets <em>without</em> reseeding and
 * logs a warning the first time: episodes then follow the MDP's own generator, not Engram's seed.
 * For reproducible episodes seed the MDP where it is built (e.g. {@code new CartpoleNative(seed)}).
 */
public final class MdpAsEnv implements Env {

    private static final Logger LOG = LoggerFactory.getLogger(MdpAsEnv.class);

    private final MDP<? extends Encodable, Integer, ? extends DiscreteSpace> mdp;
    private final String id;
    private final Box observationSpace;
    private final Discrete actionSpace;
    private final int maxEpisodeSteps;
    private Map<String, Object> info = Map.of();
    private int elapsedSteps;
    private boolean needsReset = true;
    private boolean warnedAboutSeed;

    /** An env whose episodes end only when the MDP says so. */
    public MdpAsEnv(MDP<? extends Encodable, Integer, ? extends DiscreteSpace> mdp) {
        this(mdp, Integer.MAX_VALUE);
    }

    /** An env that also truncates episodes after {@code maxEpisodeSteps} steps. */
    public MdpAsEnv(MDP<? extends Encodable, Integer, ? extends DiscreteSpace> mdp, int maxEpisodeSteps) {
        if (maxEpisodeSteps <= 0) {
            throw new IllegalArgumentException("maxEpisodeSteps must be positive, got " + maxEpisodeSteps);
        }
        this.mdp = mdp;
        this.id = "rl4j:" + mdp.getClass().getName();
        this.observationSpace = boxOf(mdp.getObservationSpace());
        this.actionSpace = new Discrete(mdp.getActionSpace().getSize());
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    private static Box boxOf(ObservationSpace<?> space) {
        int[] shape = space.getShape();
        int size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        boolean placeholders = space instanceof ArrayObservationSpace;
        return new Box(bounds(placeholders ? null : space.getLow(), size, Double.NEGATIVE_INFINITY, space),
                bounds(placeholders ? null : space.getHigh(), size, Double.POSITIVE_INFINITY, space),
                shape, Box.DType.FLOAT32);
    }

    private static double[] bounds(INDArray given, int size, double unbounded, ObservationSpace<?> space) {
        if (given == null) {
            double[] out = new double[size];
            Arrays.fill(out, unbounded);
            return out;
        }
        if (given.length() != size) {
            throw new IllegalArgumentException("observation space " + space.getName() + " of shape "
                    + Arrays.toString(space.getShape()) + " has bounds of " + given.length() + " elements");
        }
        return given.dup('c').data().asDouble();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Space observationSpace() {
        return observationSpace;
    }

    @Override
    public Space actionSpace() {
        return actionSpace;
    }

    /** Resets without reseeding: see the class comment. */
    @Override
    public void reset(long seed, float[] observation, int offset) {
        if (!warnedAboutSeed) {
            LOG.warn("{}: RL4J MDPs cannot be reseeded; reset(seed={}) resets without reseeding, so episodes do"
                    + " not follow from this seed (seed the MDP where it is built instead)", id, seed);
            warnedAboutSeed = true;
        }
        reset(observation, offset);
    }

    @Override
    public void reset(float[] observation, int offset) {
        copy(mdp.reset(), observation, offset);
        elapsedSteps = 0;
        needsReset = false;
        info = Map.of();
    }

    @Override
    public void step(double[] action, int actionOffset, float[] observation, int observationOffset,
                     StepOutcome outcome) {
        if (needsReset) {
            throw new IllegalStateException(id + ": call reset() before step() and after an episode ends");
        }
        if (!actionSpace.contains(action, actionOffset)) {
            throw new IllegalArgumentException(id + ": action " + action[actionOffset] + " is not in " + actionSpace);
        }
        StepReply<? extends Encodable> reply = mdp.step((int) action[actionOffset]);
        copy(reply.getObservation(), observation, observationOffset);
        elapsedSteps++;
        outcome.reward = reply.getReward();
        outcome.terminated = reply.isDone();
        outcome.truncated = !outcome.terminated && (mdp.isDone() || elapsedSteps >= maxEpisodeSteps);
        needsReset = outcome.done();
        info = infoOf(reply.getInfo());
    }

    private void copy(Encodable source, float[] observation, int offset) {
        double[] values = source.toArray();
        if (values.length != observationSpace.flatSize()) {
            throw new IllegalStateException(id + ": observation of " + values.length + " numbers, but the space "
                    + observationSpace + " has " + observationSpace.flatSize());
        }
        for (int i = 0; i < values.length; i++) {
            observation[offset + i] = (float) values[i];
        }
    }

    /** An RL4J info is any object: a map is kept as it is, anything else under the key "info". */
    private static Map<String, Object> infoOf(Object rl4jInfo) {
        if (rl4jInfo == null) {
            return Map.of();
        }
        if (rl4jInfo instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put(String.valueOf(key), value));
            return Collections.unmodifiableMap(copy);
        }
        return Map.of("info", rl4jInfo);
    }

    @Override
    public Map<String, Object> info() {
        return info;
    }

    @Override
    public void close() {
        mdp.close();
    }
}
