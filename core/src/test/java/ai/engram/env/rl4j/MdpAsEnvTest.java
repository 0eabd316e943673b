package ai.engram.env.rl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.env.Box;
import ai.engram.env.Discrete;
import ai.engram.env.Env;
import ai.engram.env.classic.CartPole;
import ai.engram.env.classic.MountainCar;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.deeplearning4j.rl4j.mdp.CartpoleNative;
import org.deeplearning4j.rl4j.mdp.toy.SimpleToy;
import org.deeplearning4j.rl4j.space.Encodable;
import org.junit.jupiter.api.Test;

class MdpAsEnvTest {

    private static final int EPISODES = 10;

    /** RL4J's own CartPole, stepped through the adapter and directly with the same seed and actions. */
    @Test
    void mirrorsRl4jsCartpole() {
        MdpAsEnv env = new MdpAsEnv(new CartpoleNative(11));
        CartpoleNative direct = new CartpoleNative(11);
        assertEquals(new Discrete(2), env.actionSpace());
        double[] infinity = new double[4];
        Arrays.fill(infinity, Double.POSITIVE_INFINITY);
        double[] minusInfinity = new double[4];
        Arrays.fill(minusInfinity, Double.NEGATIVE_INFINITY);
        assertEquals(Box.of(minusInfinity, infinity), env.observationSpace(),
                "ArrayObservationSpace has no bounds");

        SplittableRandom actions = new SplittableRandom(5);
        float[] observation = new float[4];
        for (int episode = 0; episode < EPISODES; episode++) {
            env.reset(observation, 0);
            assertArrayEquals(floats(direct.reset()), observation);
            Env.Step step;
            do {
                int action = actions.nextInt(2);
                step = env.step(action);
                var reply = direct.step(action);
                assertArrayEquals(floats(reply.getObservation()), step.observation());
                assertEquals(reply.getReward(), step.reward());
                assertEquals(reply.isDone(), step.terminated());
                assertFalse(step.truncated(), "CartpoleNative has no time limit");
            } while (!step.done());
            assertTrue(direct.isDone());
            assertThrows(IllegalStateException.class, () -> env.step(0), "stepping a finished episode");
        }
    }

    /**
     * RL4J's SimpleToy: a one-number state (20 - step) whose {@code getData()} is null, and a
     * one-element {@code ArrayObservationSpace} whose zero placeholders must not become the bounds [0, 0].
     */
    @Test
    void readsObservationsThatOnlyImplementToArray() {
        MdpAsEnv env = new MdpAsEnv(new SimpleToy(10));
        assertEquals(Box.of(new double[] {Double.NEGATIVE_INFINITY}, new double[] {Double.POSITIVE_INFINITY}),
                env.observationSpace());
        float[] first = new float[1];
        env.reset(first, 0);
        assertArrayEquals(new float[] {20}, first);
        for (int t = 1; t <= 10; t++) {
            int action = t % 3 == 0 ? 1 : 0;
            Env.Step step = env.step(action);
            assertArrayEquals(new float[] {20 - t}, step.observation());
            assertEquals((t - 1) % 2 == 0 ? 1 - action : action, step.reward());
            assertEquals(t == 10, step.terminated());
            assertFalse(step.truncated());
        }
    }

    /** Random CartPole episodes last at least 8 steps, so a limit of 5 truncates every one of them. */
    @Test
    void truncatesAtMaxEpisodeSteps() {
        MdpAsEnv env = new MdpAsEnv(new CartpoleNative(3), 5);
        SplittableRandom actions = new SplittableRandom(3);
        for (int episode = 0; episode < EPISODES; episode++) {
            env.reset(new float[4], 0);
            for (int t = 1; t <= 5; t++) {
                Env.Step step = env.step(actions.nextInt(2));
                assertFalse(step.terminated());
                assertEquals(t == 5, step.truncated(), "step " + t);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new MdpAsEnv(new CartpoleNative(), 0));
    }

    @Test
    void resetWithASeedDoesNotReseed() {
        MdpAsEnv env = new MdpAsEnv(new CartpoleNative(1));
        CartpoleNative direct = new CartpoleNative(1);
        assertArrayEquals(floats(direct.reset()), env.reset(5));
        assertArrayEquals(floats(direct.reset()), env.reset(5), "the same seed again does not replay the episode");
    }

    @Test
    void rejectsActionsOutsideTheDiscreteSpace() {
        MdpAsEnv env = new MdpAsEnv(new CartpoleNative(1));
        env.reset(new float[4], 0);
        assertThrows(IllegalArgumentException.class, () -> env.step(2));
        assertThrows(IllegalArgumentException.class, () -> env.step(0.5));
    }

    /** Engram env -> RL4J MDP -> Engram env is the identity, termination and truncation included. */
    @Test
    void aRoundTripThroughRl4jIsTheIdentity() {
        assertRoundTrip(CartPole::new, 17);
        assertRoundTrip(MountainCar::new, 17);
    }

    private static void assertRoundTrip(Supplier<Env> factory, long seed) {
        Env direct = factory.get();
        MdpAsEnv roundTrip = new MdpAsEnv(new EnvAsMdp(factory, seed));
        assertEquals(direct.observationSpace(), roundTrip.observationSpace());
        assertEquals(direct.actionSpace(), roundTrip.actionSpace());
        Discrete actionSpace = (Discrete) direct.actionSpace();
        SplittableRandom actions = new SplittableRandom(seed);
        int terminations = 0;
        int truncations = 0;
        for (int episode = 0; episode < EPISODES; episode++) {
            float[] expected = new float[direct.observationSize()];
            float[] actual = new float[direct.observationSize()];
            if (episode == 0) {
                direct.reset(seed, expected, 0);
            } else {
                direct.reset(expected, 0);
            }
            roundTrip.reset(actual, 0);
            assertArrayEquals(expected, actual, direct.id() + " reset " + episode);
            Env.Step step;
            do {
                int action = actionSpace.sample(actions);
                step = direct.step(action);
                Env.Step back = roundTrip.step(action);
                assertArrayEquals(step.observation(), back.observation());
                assertEquals(step.reward(), back.reward());
                assertEquals(step.terminated(), back.terminated());
                assertEquals(step.truncated(), back.truncated());
                assertEquals(step.info(), back.info());
            } while (!step.done());
            terminations += step.terminated() ? 1 : 0;
            truncations += step.truncated() ? 1 : 0;
        }
        assertEquals(EPISODES, terminations + truncations);
        assertTrue(direct instanceof MountainCar ? truncations == EPISODES : terminations == EPISODES,
                direct.id() + ": " + terminations + " terminations, " + truncations + " truncations");
    }

    private static float[] floats(Encodable observation) {
        double[] values = observation.toArray();
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
