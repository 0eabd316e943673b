package ai.engram.env;

import ai.engram.env.classic.Acrobot;
import ai.engram.env.classic.CartPole;
import ai.engram.env.classic.MountainCar;
import ai.engram.env.classic.MountainCarContinuous;
import ai.engram.env.classic.Pendulum;
import ai.engram.env.gym.GymHttpEnv;
import java.net.URI;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The environment registry: {@code Envs.make("CartPole-v1")} for a built-in environment,
 * {@code Envs.make("gym:CartPole-v1@http://127.0.0.1:5000")} for one served over the gym-http-api
 * protocol.
 */
public final class Envs {

    /** The prefix of ids that name an environment on a gym-http-api server. */
    public static final String GYM_PREFIX = "gym:";

    private static final Map<String, Supplier<Env>> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put(CartPole.ID, CartPole::new);
        BUILT_IN.put(MountainCar.ID, MountainCar::new);
        BUILT_IN.put(MountainCarContinuous.ID, MountainCarContinuous::new);
        BUILT_IN.put(Acrobot.ID, Acrobot::new);
        BUILT_IN.put(Pendulum.ID, Pendulum::new);
    }

    private Envs() {
    }

    /** The ids of the built-in environments, in registration order. */
    public static List<String> builtInIds() {
        return List.copyOf(BUILT_IN.keySet());
    }

    public static boolean isBuiltIn(String id) {
        return BUILT_IN.containsKey(id);
    }

    /**
     * Makes the environment named by {@code id}.
     *
     * @throws UnknownEnvException for an id that is neither built in nor a well-formed gym id
     */
    public static Env make(String id) {
        if (id.startsWith(GYM_PREFIX)) {
            GymId gym = GymId.parse(id);
            return GymHttpEnv.open(gym.envId(), gym.baseUrl());
        }
        Supplier<Env> factory = BUILT_IN.get(id);
        if (factory == null) {
            throw new UnknownEnvException("unknown environment id '" + id + "'; closest known: "
                    + String.join(", ", closest(id, 3)) + " (or gym:<env-id>@<base-url> for a Gym server)");
        }
        return factory.get();
    }

    /** The {@code n} built-in ids nearest to {@code id} by edit distance, ignoring case. */
    static List<String> closest(String id, int n) {
        String key = id.toLowerCase();
        return BUILT_IN.keySet().stream()
                .sorted(Comparator.comparingInt((String known) -> editDistance(key, known.toLowerCase()))
                        .thenComparing(Comparator.naturalOrder()))
                .limit(n)
                .toList();
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    /** {@code gym:<env-id>@<base-url>}, split into its parts. */
    public record GymId(String envId, URI baseUrl) {

        public static GymId parse(String id) {
            String rest = id.substring(GYM_PREFIX.length());
            int at = rest.lastIndexOf('@');
            if (at <= 0 || at == rest.length() - 1) {
                throw new UnknownEnvException("malformed gym id '" + id
                        + "': expected gym:<env-id>@<base-url>, e.g. gym:CartPole-v1@http://127.0.0.1:5000");
            }
            URI url;
            try {
                url = URI.create(rest.substring(at + 1));
            } catch (IllegalArgumentException e) {
                throw new UnknownEnvException("malformed base URL in gym id '" + id + "': " + e.getMessage());
            }
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
                throw new UnknownEnvException("malformed base URL in gym id '" + id
                        + "': expected http://host:port, e.g. http://127.0.0.1:5000");
            }
            return new GymId(rest.substring(0, at), url);
        }
    }

    /** An environment id that names nothing Engram can make. */
    public static final class UnknownEnvException extends IllegalArgumentException {
        public UnknownEnvException(String message) {
            super(message);
        }
    }
}
