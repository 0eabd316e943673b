package ai.engram.env.gym;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.env.Env;
import ai.engram.env.Envs;
import ai.engram.env.classic.CartPole;
import ai.engram.env.classic.Pendulum;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The issue's integration test: episodes through GymHttpEnv -> HTTP -> GymHttpServer are exactly
 * the in-process episodes for the same seeds and actions, terminations and truncations included.
 */
class GymHttpTrajectoryTest {

    private static GymHttpServer server;

    @BeforeAll
    static void start() {
        server = new GymHttpServer(0);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Pushes towards the side the pole falls to: keeps CartPole up until the 500-step limit. */
    static double[] balance(float[] observation) {
        return new double[] {observation[2] + 0.5 * observation[3] > 0 ? 1 : 0};
    }

    /**
     * Runs {@code episodes} episodes on both environments, the first after {@code reset(seed)} and
     * the others after {@code reset()}, with actions from {@code policy} on the local observation,
     * and checks every observation, reward, flag and info; returns the length of the last episode.
     */
    static int assertSameEpisodes(Env local, Env remote, long seed, int episodes, Function<float[], double[]> policy) {
        int length = 0;
        for (int episode = 0; episode < episodes; episode++) {
            float[] expected = episode == 0 ? local.reset(seed) : reset(local);
            float[] actual = episode == 0 ? remote.reset(seed) : reset(remote);
            assertArrayEquals(expected, actual, "reset of episode " + episode);
            length = 0;
            while (true) {
                double[] action = policy.apply(expected);
                Env.Step want = local.step(action);
                Env.Step got = remote.step(action);
                length++;
                String where = "episode " + episode + ", step " + length;
                assertArrayEquals(want.observation(), got.observation(), where);
                assertEquals(want.reward(), got.reward(), 0.0, where);
                assertEquals(want.terminated(), got.terminated(), where);
                assertEquals(want.truncated(), got.truncated(), where);
                assertEquals(want.truncated() ? Map.of(GymProtocol.TIME_LIMIT_TRUNCATED, true) : Map.of(), got.info(), where);
                expected = want.observation();
                if (want.done()) {
                    break;
                }
            }
        }
        return length;
    }

    private static float[] reset(Env env) {
        float[] observation = new float[env.observationSize()];
        env.reset(observation, 0);
        return observation;
    }

    @Test
    void cartPoleEpisodesMatchInProcessOnes() {
        SplittableRandom random = new SplittableRandom(5);
        for (long seed : new long[] {0, 1, 42}) {
            try (Env local = new CartPole(); Env remote = GymHttpEnv.open(CartPole.ID, server.url())) {
                assertSameEpisodes(local, remote, seed, 4, obs -> new double[] {random.nextInt(2)});
            }
        }
    }

    @Test
    void cartPoleTimeLimitIsTruncationNotTermination() {
        try (Env local = new CartPole(); Env remote = GymHttpEnv.open(CartPole.ID, server.url())) {
            assertEquals(500, assertSameEpisodes(local, remote, 3, 1, GymHttpTrajectoryTest::balance));
            assertEquals(Map.of(GymProtocol.TIME_LIMIT_TRUNCATED, true), remote.info());
        }
    }

    @Test
    void pendulumBoxActionsMatchIncludingClipping() {
        SplittableRandom random = new SplittableRandom(9);
        try (Env local = new Pendulum(); Env remote = GymHttpEnv.open(Pendulum.ID, server.url())) {
            assertEquals(200, assertSameEpisodes(local, remote, 11, 2, obs -> new double[] {-3 + 6 * random.nextDouble()}));
        }
    }

    @Test
    void spacesAreTheInProcessSpaces() {
        for (String id : Envs.builtInIds()) {
            try (Env local = Envs.make(id); Env remote = GymHttpEnv.open(id, server.url())) {
                assertEquals(local.observationSpace(), remote.observationSpace(), id);
                assertEquals(local.actionSpace(), remote.actionSpace(), id);
            }
        }
    }

    @Test
    void envsMakeOpensAGymId() {
        try (Env env = Envs.make("gym:" + CartPole.ID + "@" + server.url())) {
            GymHttpEnv gym = assertInstanceOf(GymHttpEnv.class, env);
            assertEquals(CartPole.ID, gym.id());
            assertEquals(4, env.reset(1).length);
            Env.Step step = env.step(1);
            assertFalse(step.done());
            assertTrue(RawHttp.get(server.url().resolve("/v1/envs/")).body().path("all_envs").has(gym.instanceId()));
        }
    }
}
