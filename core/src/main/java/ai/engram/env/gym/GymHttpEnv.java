package ai.engram.env.gym;

import static ai.engram.env.gym.GymProtocol.JSON;

import ai.engram.env.Env;
import ai.engram.env.Space;
import ai.engram.env.StepOutcome;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An environment on a gym-http-api server (openai/gym-http-api's protocol, or Engram's
 * {@link GymHttpServer}), as an {@link Env}: {@code Envs.make("gym:CartPole-v1@http://127.0.0.1:5000")}.
 *
 * <p>Opening creates an instance on the server and reads its spaces (Discrete and Box);
 * {@link #close()} deletes it. The protocol's {@code done} merges termination and truncation; as
 * gym's TimeLimit wrapper did, {@code info["TimeLimit.truncated"] = true} marks a done that came
 * from the time limit, which this client reports as {@code truncated} (otherwise {@code terminated}).
 * {@link #reset(long, float[], int)} sends {@code {"seed": n}}, an Engram extension that
 * Gymnasium-era servers need for reproducible episodes; {@link #reset(float[], int)} sends no seed.
 *
 * <p>This is our own client over {@link HttpClient} rather than DL4J's gym-java-client
 * (1.0.0-beta6, the last one published) because that client ignores HTTP status codes (a 400 with
 * the server's explanation surfaces as a JSON parse error without it), never calls {@code /close/}
 * (instances pile up on the server), has only Unirest's process-wide timeouts, understands only Box
 * observations, and reports termination and truncation as one {@code done}, so an agent bootstraps
 * wrongly at the time limit.
 *
 * <p>Every request has a timeout, so no call hangs; any failure (refused, timed out, an error status
 * with the server's {@code {"message": ...}}, a reply that is not the protocol) is a
 * {@link GymHttpException} naming the URL, the environment id and the server's message. Requests
 * reuse one keep-alive HTTP/1.1 connection. Not thread-safe, like any {@link Env}.
 */
public final class GymHttpEnv implements Env {

    /** How long connecting and each request may take. */
    public record Timeouts(Duration connect, Duration request) {

        /** 5 s to connect; 60 s per request, for servers that load an environment slowly on creation. */
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60));

        public Timeouts {
            if (connect.isNegative() || connect.isZero() || request.isNegative() || request.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive, got " + connect + " and " + request);
            }
        }
    }

    /**
     * One HttpClient per connect timeout, shared: each owns a selector thread and a connection pool.
     * Its executor runs the handling of answers on that selector thread instead of handing it to a
     * pool: one thread hop less per request, and JDK 17's connection pool then does not lose the
     * race it loses with its default executor when several threads share it (a pooled connection
     * closed under a request: "HTTP/1.1 header parser received no bytes").
     */
    private static final Map<Duration, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    private static final TypeReference<Map<String, Object>> INFO_TYPE = new TypeReference<>() { };

    private final HttpClient http;
    private final Duration requestTimeout;
    private final String envId;
    private final URI baseUrl;
    private final String instanceId;
    private final URI resetUri;
    private final URI stepUri;
    private final URI closeUri;
    private final Space observationSpace;
    private final Space actionSpace;
    private Map<String, Object> info = Map.of();
    private boolean closed;

    private GymHttpEnv(String envId, URI baseUrl, Timeouts timeouts) {
        this.http = CLIENTS.computeIfAbsent(timeouts.connect(), connect -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connect)
                .executor(Runnable::run)
                .build());
        this.requestTimeout = timeouts.request();
        this.envId = envId;
        this.baseUrl = baseUrl;
        URI envs = URI.create(baseUrl.toString().replaceAll("/+$", "") + GymProtocol.ENVS);
        JsonNode created = post(envs, JSON.createObjectNode().put("env_id", envId));
        URI instance;
        try {
            this.instanceId = GymProtocol.require(created, "instance_id").asText();
            instance = envs.resolve(instanceId + "/");
        } catch (IllegalArgumentException e) {
            throw notProtocol("POST", envs, e);
        }
        this.resetUri = instance.resolve("reset/");
        this.stepUri = instance.resolve("step/");
        this.closeUri = instance.resolve("close/");
        try {
            this.observationSpace = space(instance.resolve("observation_space/"));
            this.actionSpace = space(instance.resolve("action_space/"));
        } catch (RuntimeException e) {
            try {
                close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Opens {@code envId} on the server at {@code baseUrl} with the default timeouts. */
    public static Env open(String envId, URI baseUrl) {
        return open(envId, baseUrl, Timeouts.DEFAULT);
    }

    /**
     * Creates an instance of {@code envId} on the server at {@code baseUrl} (e.g.
     * {@code http://127.0.0.1:5000}) and reads its spaces.
     *
     * @throws GymHttpException if the server cannot be reached or refuses the environment id
     */
    public static GymHttpEnv open(String envId, URI baseUrl, Timeouts timeouts) {
        return new GymHttpEnv(envId, baseUrl, timeouts);
    }

    @Override
    public String id() {
        return envId;
    }

    /** The id the server gave this instance. */
    public String instanceId() {
        return instanceId;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    @Override
    public Space observationSpace() {
        return observationSpace;
    }

    @Override
    public Space actionSpace() {
        return actionSpace;
    }

    @Override
    public void reset(long seed, float[] observation, int offset) {
        reset(JSON.createObjectNode().put("seed", seed), observation, offset);
    }

    @Override
    public void reset(float[] observation, int offset) {
        reset(JSON.createObjectNode(), observation, offset);
    }

    private void reset(ObjectNode body, float[] observation, int offset) {
        JsonNode reply = post(resetUri, body);
        try {
            readObservation(reply, observation, offset);
        } catch (IllegalArgumentException e) {
            throw notProtocol("POST", resetUri, e);
        }
        info = Map.of();
    }

    @Override
    public void step(double[] action, int actionOffset, float[] observation, int observationOffset,
                     StepOutcome outcome) {
        ObjectNode body = JSON.createObjectNode();
        body.set("action", GymProtocol.value(actionSpace, i -> action[actionOffset + i]));
        body.put("render", false);
        JsonNode reply = post(stepUri, body);
        try {
            readObservation(reply, observation, observationOffset);
            JsonNode reward = GymProtocol.require(reply, "reward");
            JsonNode done = GymProtocol.require(reply, "done");
            if (!reward.isNumber() || !done.isBoolean()) {
                throw new IllegalArgumentException("'reward' must be a number and 'done' a boolean: " + reply);
            }
            JsonNode infoNode = reply.path("info");
            boolean cutByTimeLimit = infoNode.path(GymProtocol.TIME_LIMIT_TRUNCATED).asBoolean(false);
            outcome.reward = reward.doubleValue();
            outcome.terminated = done.booleanValue() && !cutByTimeLimit;
            outcome.truncated = done.booleanValue() && cutByTimeLimit;
            info = infoNode.isObject() && !infoNode.isEmpty() ? JSON.convertValue(infoNode, INFO_TYPE) : Map.of();
        } catch (IllegalArgumentException e) {
            throw notProtocol("POST", stepUri, e);
        }
    }

    private void readObservation(JsonNode reply, float[] observation, int offset) {
        double[] values = GymProtocol.numbers(GymProtocol.require(reply, "observation"),
                observationSpace.flatSize(), "observation");
        for (int i = 0; i < values.length; i++) {
            observation[offset + i] = (float) values[i];
        }
    }

    /** The info of the last step (with {@code "TimeLimit.truncated"} when the time limit ended it). */
    @Override
    public Map<String, Object> info() {
        return info;
    }

    /** Deletes the instance on the server ({@code POST /close/}); later calls do nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            post(closeUri, JSON.createObjectNode());
        }
    }

    private Space space(URI uri) {
        JsonNode reply = send(HttpRequest.newBuilder(uri).GET());
        try {
            return GymProtocol.parseSpace(GymProtocol.require(reply, "info"));
        } catch (IllegalArgumentException e) {
            throw notProtocol("GET", uri, e);
        }
    }

    private JsonNode post(URI uri, JsonNode body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON " + body, e);
        }
        return send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    /** Sends the request; the parsed JSON reply (an empty object for an empty body) of a 2xx answer. */
    private JsonNode send(HttpRequest.Builder builder) {
        HttpRequest request = builder.timeout(requestTimeout).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw failure(request, -1, "no connection within " + http.connectTimeout().orElseThrow(), e);
        } catch (HttpTimeoutException e) {
            throw failure(request, -1, "no answer within " + requestTimeout, e);
        } catch (ConnectException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw failure(request, -1, "cannot connect (" + (root.getMessage() != null ? root.getMessage() : "connection refused") + "); is the server running?", e);
        } catch (IOException e) {
            throw failure(request, -1, e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(request, -1, "interrupted", e);
        }
        byte[] body = response.body();
        JsonNode reply;
        try {
            reply = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            reply = null;
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            JsonNode message = reply == null ? null : reply.get("message");
            throw failure(request, status, "HTTP " + status + ": "
                    + (message != null ? message.asText() : snippet(body)), null);
        }
        if (reply == null) {
            throw failure(request, -1, "the reply is not JSON: " + snippet(body), null);
        }
        return reply;
    }

    private GymHttpException notProtocol(String method, URI uri, IllegalArgumentException e) {
        return new GymHttpException(envId, method, uri, -1, "the reply is not the gym-http-api protocol: "
                + e.getMessage(), e);
    }

    private GymHttpException failure(HttpRequest request, int status, String problem, Throwable cause) {
        return new GymHttpException(envId, request.method(), request.uri(), status, problem, cause);
    }

    private static String snippet(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "(empty body)" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    @Override
    public String toString() {
        return "GymHttpEnv(" + envId + " at " + baseUrl + ", instance " + instanceId + ")";
    }
}
