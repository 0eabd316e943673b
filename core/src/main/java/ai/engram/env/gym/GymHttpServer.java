package ai.engram.env.gym;

import static ai.engram.env.gym.GymProtocol.JSON;

import ai.engram.env.Env;
import ai.engram.env.Envs;
import ai.engram.env.StepOutcome;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the built-in environments over the gym-http-api protocol (openai/gym-http-api), so that
 * any client of that protocol (Python's {@code gym_http_client}, DL4J's gym-java-client,
 * {@link GymHttpEnv}) can step them:
 *
 * <pre>
 * POST /v1/envs/                      {"env_id": "CartPole-v1"}         -> {"instance_id": "3c657dbc"}
 * GET  /v1/envs/                                                        -> {"all_envs": {"3c657dbc": "CartPole-v1"}}
 * POST /v1/envs/{id}/reset/           {} or {"seed": 42}                -> {"observation": [...]}
 * POST /v1/envs/{id}/step/            {"action": 1, "render": false}    -> {"observation": [...], "reward": 1.0,
 *                                                                           "done": false, "info": {}}
 * GET  /v1/envs/{id}/action_space/                                      -> {"info": {"name": "Discrete", "n": 2}}
 * GET  /v1/envs/{id}/observation_space/                                 -> {"info": {"name": "Box", "shape": [4],
 *                                                                           "low": [...], "high": [...], "dtype": "float32"}}
 * POST /v1/envs/{id}/close/                                             -> 204, no body
 * </pre>
 *
 * <p>Extensions and choices: reset takes an optional whole-number {@code "seed"} (Gymnasium's
 * {@code reset(seed=...)}; without it the episode continues the instance's generator). {@code done}
 * is {@code terminated || truncated}, and a done caused by the time limit carries
 * {@code "TimeLimit.truncated": true} in {@code info}, as gym's TimeLimit wrapper did. Spaces and
 * infinite bounds are written as {@link GymProtocol} describes. The monitor, upload and shutdown
 * endpoints of the reference server are not served (404); only built-in ids are, never
 * {@code gym:} ids, so the server cannot be made to call other servers.
 *
 * <p>Errors answer as the reference server does, HTTP 400 with {@code {"message": "..."}}: unknown
 * instance or environment ids, bodies that are not JSON, missing fields, invalid actions, stepping
 * before reset. Unknown paths get 404, wrong methods 405, anything unexpected 500.
 *
 * <p>Each instance is guarded by its own lock, so clients of different instances run in parallel
 * on the handler threads; connections are kept alive between requests.
 */
public final class GymHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GymHttpServer.class);

    private final InetSocketAddress address;
    private final ConcurrentMap<String, Instance> instances = new ConcurrentHashMap<>();
    private HttpServer server;
    private ExecutorService executor;

    /** A server on 127.0.0.1 (only this machine can reach it); port 0 picks a free port. */
    public GymHttpServer(int port) {
        this("127.0.0.1", port);
    }

    /** A server on {@code host} ({@code 0.0.0.0} for every interface); port 0 picks a free port. */
    public GymHttpServer(String host, int port) {
        this.address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve host '" + host + "'");
        }
    }

    /**
     * Binds and starts serving.
     *
     * @return the port it listens on (the chosen one when constructed with port 0)
     * @throws UncheckedIOException if the address cannot be bound (e.g. the port is taken)
     */
    public synchronized int start() {
        if (server != null) {
            throw new IllegalStateException("the server is already started, on " + url());
        }
        HttpServer created;
        try {
            created = createHttpServer(address);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        AtomicInteger count = new AtomicInteger();
        int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        executor = Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "gym-http-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        created.setExecutor(executor);
        created.createContext("/", this::handle);
        created.start();
        server = created;
        return port();
    }

    /**
     * An HttpServer with TCP_NODELAY: without it, Nagle's algorithm holds the body of each answer
     * back until the client's delayed ACK of the headers, ~40 ms per request. The JDK's server
     * reads {@code sun.net.httpserver.nodelay} once, when the JVM creates its first HttpServer, so
     * that must happen here (or after the property is set some other way).
     */
    private static HttpServer createHttpServer(InetSocketAddress address) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        return HttpServer.create(address, 0);
    }

    /** The port it listens on. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the server is not started");
        }
        return server.getAddress().getPort();
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:5000}. */
    public URI url() {
        try {
            return new URI("http", null, address.getHostString(), port(), null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops serving and closes every instance; a stopped server cannot be restarted. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
        instances.values().forEach(Instance::close);
        instances.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Reply reply;
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            reply = route(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body);
        } catch (HttpError e) {
            reply = Reply.error(e.status, e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            reply = Reply.error(400, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            reply = Reply.error(500, e.toString());
        }
        try (exchange) {
            if (reply.body == null) {
                exchange.sendResponseHeaders(reply.status, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(reply.status, reply.body.length);
                exchange.getResponseBody().write(reply.body);
            }
        }
    }

    private Reply route(String method, String path, byte[] body) {
        if (!path.startsWith("/v1/envs")) {
            throw new HttpError(404, "no such endpoint: " + path);
        }
        String[] parts = path.substring("/v1/envs".length()).replaceAll("^/+|/+$", "").split("/");
        if (parts.length == 1 && parts[0].isEmpty()) {
            return switch (method) {
                case "POST" -> create(body);
                case "GET" -> Reply.json(JSON.createObjectNode().set("all_envs", JSON.valueToTree(allEnvs())));
                default -> throw new HttpError(405, "use GET or POST for /v1/envs/, not " + method);
            };
        }
        if (parts.length != 2) {
            throw new HttpError(404, "no such endpoint: " + path);
        }
        String operation = parts[1];
        String expected = switch (operation) {
            case "reset", "step", "close" -> "POST";
            case "action_space", "observation_space" -> "GET";
            default -> throw new HttpError(404, "no such endpoint: " + path);
        };
        if (!expected.equals(method)) {
            throw new HttpError(405, "use " + expected + " for /v1/envs/{id}/" + operation + "/, not " + method);
        }
        Instance instance = instances.get(parts[0]);
        if (instance == null) {
            throw new IllegalArgumentException("Instance_id " + parts[0] + " unknown");
        }
        return switch (operation) {
            case "reset" -> Reply.json(instance.reset(seed(body)));
            case "step" -> Reply.json(instance.step(GymProtocol.require(json(body), "action")));
            case "close" -> {
                instances.remove(parts[0]);
                instance.close();
                yield new Reply(204, null);
            }
            case "action_space" -> Reply.json(JSON.createObjectNode()
                    .set("info", GymProtocol.spaceInfo(instance.env.actionSpace())));
            default -> Reply.json(JSON.createObjectNode()
                    .set("info", GymProtocol.spaceInfo(instance.env.observationSpace())));
        };
    }

    private Reply create(byte[] body) {
        String envId = GymProtocol.require(json(body), "env_id").asText();
        if (!Envs.isBuiltIn(envId)) {
            throw new IllegalArgumentException("unknown environment id '" + envId + "': this server serves only "
                    + "the built-in environments " + String.join(", ", Envs.builtInIds()));
        }
        Instance instance = new Instance(envId, Envs.make(envId));
        String id;
        do {
            id = UUID.randomUUID().toString().substring(0, 8);
        } while (instances.putIfAbsent(id, instance) != null);
        return Reply.json(JSON.createObjectNode().put("instance_id", id));
    }

    private Map<String, String> allEnvs() {
        Map<String, String> all = new TreeMap<>();
        instances.forEach((id, instance) -> all.put(id, instance.envId));
        return all;
    }

    /** The optional seed of a reset body; an empty body is no seed, as is {@code {}}. */
    private static Long seed(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        JsonNode seed = json(body).get("seed");
        if (seed == null || seed.isNull()) {
            return null;
        }
        if (!seed.isIntegralNumber() || !seed.canConvertToLong()) {
            throw new IllegalArgumentException("'seed' must be a whole number that fits in 64 bits, got " + seed);
        }
        return seed.longValue();
    }

    private static JsonNode json(byte[] body) {
        try {
            JsonNode node = JSON.readTree(new String(body, StandardCharsets.UTF_8));
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("the request has no body; expected a JSON object");
            }
            if (!node.isObject()) {
                throw new IllegalArgumentException("the request body must be a JSON object, got " + node);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the request is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** One environment instance and its step buffers, used by one request at a time. */
    private static final class Instance {
        final String envId;
        final Env env;
        private final float[] observation;
        private final StepOutcome outcome = new StepOutcome();

        Instance(String envId, Env env) {
            this.envId = envId;
            this.env = env;
            this.observation = new float[env.observationSize()];
        }

        synchronized ObjectNode reset(Long seed) {
            if (seed == null) {
                env.reset(observation, 0);
            } else {
                env.reset(seed, observation, 0);
            }
            ObjectNode reply = JSON.createObjectNode();
            reply.set("observation", observationJson());
            return reply;
        }

        synchronized ObjectNode step(JsonNode actionJson) {
            double[] action = GymProtocol.numbers(actionJson, env.actionSpace().flatSize(),
                    "the action of " + envId + " (" + env.actionSpace() + ")");
            env.step(action, 0, observation, 0, outcome);
            ObjectNode reply = JSON.createObjectNode();
            reply.set("observation", observationJson());
            reply.put("reward", outcome.reward);
            reply.put("done", outcome.done());
            ObjectNode info = reply.putObject("info");
            env.info().forEach((key, value) -> info.set(key, JSON.valueToTree(value)));
            if (outcome.truncated && !outcome.terminated) {
                info.put(GymProtocol.TIME_LIMIT_TRUNCATED, true);
            }
            return reply;
        }

        private JsonNode observationJson() {
            return GymProtocol.value(env.observationSpace(), i -> observation[i]);
        }

        synchronized void close() {
            env.close();
        }
    }

    /** An answer: status and JSON body, or no body ({@code null}). */
    private record Reply(int status, byte[] body) {

        static Reply json(JsonNode node) {
            try {
                return new Reply(200, JSON.writeValueAsBytes(node));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write JSON", e);
            }
        }

        static Reply error(int status, String message) {
            Reply reply = json(JSON.createObjectNode().put("message", message));
            return new Reply(status, reply.body);
        }
    }

    /** A request that fails with a status other than 400. */
    private static final class HttpError extends RuntimeException {
        final int status;

        HttpError(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
