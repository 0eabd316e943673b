package ai.engram.env.gym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.env.Env;
import ai.engram.env.classic.CartPole;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Many clients at once, keep-alive, what goes on the wire, and the latency TCP_NODELAY buys. */
class GymHttpConnectionTest {

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

    @Test
    void concurrentClientsOnManyInstancesEachSeeTheirOwnEpisodes() throws Exception {
        int clients = 16;
        List<GymHttpEnv> remotes = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            remotes.add(GymHttpEnv.open(CartPole.ID, server.url(), GymHttpEnv.Timeouts.DEFAULT));
        }
        JsonNode all = RawHttp.get(server.url().resolve("/v1/envs/")).body().path("all_envs");
        for (GymHttpEnv remote : remotes) {
            assertEquals(CartPole.ID, all.path(remote.instanceId()).asText());
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                GymHttpEnv remote = remotes.get(i);
                long seed = 100 + i;
                runs.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    try (Env local = new CartPole(); remote) {
                        GymHttpTrajectoryTest.assertSameEpisodes(local, remote, seed, 5,
                                obs -> new double[] {random.nextInt(2)});
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode after = RawHttp.get(server.url().resolve("/v1/envs/")).body().path("all_envs");
        for (GymHttpEnv remote : remotes) {
            assertFalse(after.has(remote.instanceId()), remote.instanceId() + " was closed");
        }
    }

    @Test
    void oneConnectionCarriesEveryRequestAndResetsSendTheSeedOnlyWhenGiven() throws IOException {
        try (CountingProxy proxy = new CountingProxy(server.port())) {
            List<String> expected = new ArrayList<>();
            try (GymHttpEnv env = GymHttpEnv.open(CartPole.ID, proxy.url(), GymHttpEnv.Timeouts.DEFAULT)) {
                String instance = "/v1/envs/" + env.instanceId() + "/";
                expected.addAll(List.of("POST /v1/envs/ {\"env_id\":\"CartPole-v1\"}",
                        "GET " + instance + "observation_space/ ", "GET " + instance + "action_space/ ",
                        "POST " + instance + "reset/ {\"seed\":7}"));
                float[] observation = env.reset(7);
                for (int i = 0; i < 50; i++) {
                    double[] action = GymHttpTrajectoryTest.balance(observation);
                    expected.add("POST " + instance + "step/ {\"action\":" + (int) action[0] + ",\"render\":false}");
                    observation = env.step(action).observation();
                }
                env.reset(new float[4], 0);
                expected.addAll(List.of("POST " + instance + "reset/ {}", "POST " + instance + "close/ {}"));
            }
            assertEquals(expected, proxy.requests().stream()
                    .map(r -> r.method() + " " + r.path() + " " + r.body()).toList());
            assertEquals(1, proxy.connections());
        }
    }

    /**
     * With Nagle's algorithm and delayed ACKs each step would take ~40 ms; a loopback step takes well
     * under 1 ms (docs/benchmarks.md), so 10 ms tells the two apart even on a loaded machine.
     */
    @Test
    void aStepDoesNotWaitForDelayedAcks() {
        try (Env env = GymHttpEnv.open(CartPole.ID, server.url())) {
            long[] nanos = new long[201];
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                float[] observation = env.reset(1);
                for (int i = -200; i < nanos.length; i++) {
                    long start = System.nanoTime();
                    Env.Step step = env.step(GymHttpTrajectoryTest.balance(observation));
                    if (i >= 0) {
                        nanos[i] = System.nanoTime() - start;
                    }
                    observation = step.done() ? env.reset(1000 + i) : step.observation();
                }
            }, "steps are slow: is TCP_NODELAY off?");
            Arrays.sort(nanos);
            long median = nanos[nanos.length / 2];
            assertTrue(median < 10_000_000, "median step latency " + median / 1000 + " us");
        }
    }
}
