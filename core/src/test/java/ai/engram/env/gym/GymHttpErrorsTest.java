package ai.engram.env.gym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.env.classic.CartPole;
import ai.engram.env.classic.Pendulum;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every failure is a 4xx with the server's message, or an exception that names the URL; none hangs. */
class GymHttpErrorsTest {

    private static GymHttpServer server;
    private static URI envs;

    @BeforeAll
    static void start() {
        server = new GymHttpServer(0);
        server.start();
        envs = server.url().resolve("/v1/envs/");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertContains(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), () -> "'" + text + "' lacks '" + part + "'");
        }
    }

    @Test
    void unknownEnvIdFailsWithTheServersMessageAndTheUrl() {
        GymHttpException e = assertThrows(GymHttpException.class, () -> GymHttpEnv.open("CartPol-v1", server.url()));
        assertEquals(400, e.status());
        assertEquals(envs, e.url());
        assertContains(e.getMessage(), envs.toString(), "unknown environment id 'CartPol-v1'", "CartPole-v1, ");
    }

    @Test
    void gymIdsAreRefused() {
        GymHttpException e = assertThrows(GymHttpException.class,
                () -> GymHttpEnv.open("gym:CartPole-v1@" + server.url(), server.url()));
        assertEquals(400, e.status());
        assertContains(e.getMessage(), "serves only the built-in environments");
    }

    @Test
    void unknownInstanceIdIs400() {
        RawHttp.Answer answer = RawHttp.post(envs.resolve("nope/step/"), "{\"action\": 1}");
        assertEquals(400, answer.status());
        assertEquals("Instance_id nope unknown", answer.message());
        assertEquals(400, RawHttp.get(envs.resolve("nope/action_space/")).status());
    }

    @Test
    void malformedJsonAndMissingFieldsAre400() {
        RawHttp.Answer malformed = RawHttp.post(envs, "{\"env_id\": ");
        assertEquals(400, malformed.status());
        assertContains(malformed.message(), "not valid JSON");
        RawHttp.Answer missing = RawHttp.post(envs, "{}");
        assertEquals(400, missing.status());
        assertContains(missing.message(), "'env_id'");
        RawHttp.Answer notAnObject = RawHttp.post(envs, "[1]");
        assertEquals(400, notAnObject.status());

        String instance = RawHttp.post(envs, "{\"env_id\": \"CartPole-v1\"}").body().path("instance_id").asText();
        assertEquals(200, RawHttp.post(envs.resolve(instance + "/reset/"), "").status());
        assertContains(RawHttp.post(envs.resolve(instance + "/step/"), "{\"render\": false}").message(), "'action'");
        assertContains(RawHttp.post(envs.resolve(instance + "/reset/"), "{\"seed\": 1.5}").message(), "'seed'");
        assertEquals(204, RawHttp.post(envs.resolve(instance + "/close/"), "").status());
    }

    @Test
    void invalidActionsAndSteppingBeforeResetAre400() {
        try (GymHttpEnv cartPole = GymHttpEnv.open(CartPole.ID, server.url(), GymHttpEnv.Timeouts.DEFAULT)) {
            GymHttpException early = assertThrows(GymHttpException.class, () -> cartPole.step(1));
            assertEquals(400, early.status());
            assertContains(early.getMessage(), "reset()", cartPole.instanceId() + "/step/");
            cartPole.reset(0);
            GymHttpException outOfRange = assertThrows(GymHttpException.class, () -> cartPole.step(2));
            assertContains(outOfRange.getMessage(), "not in Discrete(2)");
            assertContains(assertThrows(GymHttpException.class, () -> cartPole.step(0.5)).getMessage(), "0.5");
        }
        try (GymHttpEnv pendulum = GymHttpEnv.open(Pendulum.ID, server.url(), GymHttpEnv.Timeouts.DEFAULT)) {
            pendulum.reset(0);
            RawHttp.Answer tooMany = RawHttp.post(envs.resolve(pendulum.instanceId() + "/step/"), "{\"action\": [1, 2]}");
            assertEquals(400, tooMany.status());
            assertContains(tooMany.message(), "1 number(s)");
            RawHttp.Answer notNumbers = RawHttp.post(envs.resolve(pendulum.instanceId() + "/step/"), "{\"action\": [\"a\"]}");
            assertEquals(400, notNumbers.status());
        }
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() {
        assertEquals(404, RawHttp.get(server.url().resolve("/v2/envs/")).status());
        assertEquals(404, RawHttp.post(envs.resolve("x/monitor/start/"), "{}").status());
        assertEquals(404, RawHttp.post(server.url().resolve("/v1/shutdown/"), "{}").status());
        assertEquals(405, RawHttp.get(envs.resolve("x/step/")).status());
    }

    @Test
    void aClosedInstanceIsGone() {
        GymHttpEnv env = GymHttpEnv.open(CartPole.ID, server.url(), GymHttpEnv.Timeouts.DEFAULT);
        env.close();
        env.close();
        assertEquals(400, RawHttp.post(envs.resolve(env.instanceId() + "/reset/"), "{}").status());
        assertEquals(false, RawHttp.get(envs).body().path("all_envs").has(env.instanceId()));
    }

    @Test
    void aRefusedConnectionFailsFastNamingTheUrl() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port);
        GymHttpException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(GymHttpException.class, () -> GymHttpEnv.open(CartPole.ID, url)));
        assertEquals(-1, e.status());
        assertContains(e.getMessage(), url + "/v1/envs/", CartPole.ID, "cannot connect");
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws IOException {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            URI url = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            GymHttpEnv.Timeouts timeouts = new GymHttpEnv.Timeouts(Duration.ofSeconds(1), Duration.ofMillis(300));
            GymHttpException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(GymHttpException.class, () -> GymHttpEnv.open(CartPole.ID, url, timeouts)));
            assertContains(e.getMessage(), url + "/v1/envs/", "no answer within PT0.3S");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
