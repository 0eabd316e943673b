package ai.engram.env.classic;

import ai.engram.env.Env;
import ai.engram.env.Envs;
import ai.engram.env.StepOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays trajectories recorded from Gymnasium (one JSON object per line: env_id, reset_seed,
 * initial_state, initial_observation, steps[] of action, observation, reward, terminated,
 * truncated, state) through the built-in environments and measures how far they deviate. Where a
 * reset_seed is given, {@code reset(reset_seed)} must reproduce the initial state as well.
 *
 * <p>Each step starts from Gymnasium's recorded state before it, so what is compared is the
 * dynamics of one step, not a free-running rollout: Gymnasium's CartPole uses numpy's vectorised
 * {@code np.cos}, which on the recording machine differs from a correctly rounded cosine in the
 * last bit or two about a third of the time, and a balanced pole is unstable, so any two
 * implementations that differ by an ulp drift apart by 1e-9 within 200 steps of open-loop replay.
 *
 * <p>Tolerances: observations were float32 in Gymnasium, so one float32 ulp (our float64 state may
 * round to the neighbouring float); rewards to float32 precision; states, float64 in Gymnasium, to
 * 1e-9 relative; the termination and truncation flags exactly.
 */
public final class TrajectoryCheck {

    static final double STATE_TOLERANCE = 1e-9;
    static final double REWARD_TOLERANCE = 1e-6;

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrajectoryCheck() {
    }

    /** Per environment id: how many trajectories and steps, and the largest deviations seen. */
    public static final class Deviations {
        int trajectories;
        long steps;
        double observationUlps;
        double reward;
        double stateRelative;
        int flagMismatches;

        public int trajectories() {
            return trajectories;
        }

        public long steps() {
            return steps;
        }

        /** The largest observation deviation, in float32 ulps of the recorded value. */
        public double observationUlps() {
            return observationUlps;
        }

        public double reward() {
            return reward;
        }

        public double stateRelative() {
            return stateRelative;
        }

        public int flagMismatches() {
            return flagMismatches;
        }
    }

    /** What a check found: deviations per environment id, and every problem with its line number. */
    public record Report(Map<String, Deviations> byEnv, List<String> problems) {
        public boolean passed() {
            return problems.isEmpty() && !byEnv.isEmpty();
        }
    }

    public static Report check(Path file) throws IOException {
        Map<String, Deviations> byEnv = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    replay(JSON.readTree(line), number, byEnv, problems);
                } catch (IOException | MalformedTrajectory e) {
                    problems.add("line " + number + ": malformed trajectory: " + firstLine(e.getMessage()));
                }
            }
        }
        if (byEnv.isEmpty() && problems.isEmpty()) {
            problems.add(file + ": no trajectories");
        }
        return new Report(byEnv, problems);
    }

    private static void replay(JsonNode t, int line, Map<String, Deviations> byEnv, List<String> problems) {
        String envId = text(t, "env_id");
        if (!Envs.isBuiltIn(envId)) {
            try {
                Envs.make(envId).close();
            } catch (IllegalArgumentException e) {
                problems.add("line " + line + ": " + e.getMessage());
                return;
            }
            problems.add("line " + line + ": '" + envId + "' is not a built-in environment; only those can be replayed");
            return;
        }
        try (Env made = Envs.make(envId)) {
            ClassicControlEnv env = (ClassicControlEnv) made;
            Deviations d = byEnv.computeIfAbsent(envId, k -> new Deviations());
            String where = "line " + line + " (" + envId + ", reset_seed " + t.path("reset_seed").asText("?") + ")";
            double[] recordedState = doubles(t, "initial_state");
            JsonNode seed = t.get("reset_seed");
            if (seed != null && seed.canConvertToLong() && seed.asLong() >= 0) {
                env.reset(seed.asLong());
                compareState(env.state(), recordedState, d, where + " state after reset(seed)", problems);
            } else {
                env.reset(0L);
            }
            env.setState(recordedState);
            float[] obs = env.observation();
            compareObservation(obs, doubles(t, "initial_observation"), d, where + " initial observation", problems);
            JsonNode steps = t.get("steps");
            if (steps == null || !steps.isArray() || steps.isEmpty()) {
                throw new MalformedTrajectory("missing or empty 'steps'");
            }
            int actionSize = env.actionSpace().flatSize();
            double[] action = new double[actionSize];
            StepOutcome outcome = new StepOutcome();
            for (int i = 0; i < steps.size(); i++) {
                JsonNode step = steps.get(i);
                String at = where + " step " + i;
                readAction(step.get("action"), action);
                env.setState(recordedState);
                env.step(action, 0, obs, 0, outcome);
                d.steps++;
                compareObservation(obs, doubles(step, "observation"), d, at + " observation", problems);
                double rewardDeviation = Math.abs(outcome.reward - number(step, "reward"));
                d.reward = Math.max(d.reward, rewardDeviation);
                if (rewardDeviation > REWARD_TOLERANCE * Math.max(1, Math.abs(number(step, "reward")))) {
                    problems.add(at + ": reward " + outcome.reward + ", Gymnasium " + number(step, "reward"));
                }
                if (outcome.terminated != bool(step, "terminated") || outcome.truncated != bool(step, "truncated")) {
                    d.flagMismatches++;
                    problems.add(at + ": terminated/truncated " + outcome.terminated + "/" + outcome.truncated
                            + ", Gymnasium " + bool(step, "terminated") + "/" + bool(step, "truncated"));
                }
                recordedState = doubles(step, "state");
                compareState(env.state(), recordedState, d, at + " state", problems);
                if (outcome.done() && i < steps.size() - 1) {
                    problems.add(at + ": the episode ended here but Gymnasium's went on for "
                            + (steps.size() - 1 - i) + " more steps");
                    return;
                }
            }
            d.trajectories++;
        }
    }

    private static void compareObservation(float[] ours, double[] theirs, Deviations d, String where, List<String> problems) {
        if (ours.length != theirs.length) {
            throw new MalformedTrajectory(where + " has " + theirs.length + " numbers, the environment gives " + ours.length);
        }
        for (int i = 0; i < ours.length; i++) {
            float expected = (float) theirs[i];
            double ulps = Math.abs(ours[i] - expected) / Math.ulp(expected);
            d.observationUlps = Math.max(d.observationUlps, ulps);
            if (ulps > 1) {
                problems.add(where + "[" + i + "]: " + ours[i] + ", Gymnasium " + expected);
            }
        }
    }

    private static void compareState(double[] ours, double[] theirs, Deviations d, String where, List<String> problems) {
        if (ours.length != theirs.length) {
            throw new MalformedTrajectory(where + " has " + theirs.length + " numbers, the environment has " + ours.length);
        }
        for (int i = 0; i < ours.length; i++) {
            double relative = Math.abs(ours[i] - theirs[i]) / Math.max(1, Math.abs(theirs[i]));
            d.stateRelative = Math.max(d.stateRelative, relative);
            if (relative > STATE_TOLERANCE) {
                problems.add(where + "[" + i + "]: " + ours[i] + ", Gymnasium " + theirs[i]);
            }
        }
    }

    private static void readAction(JsonNode node, double[] out) {
        if (node == null) {
            throw new MalformedTrajectory("a step has no 'action'");
        }
        if (node.isNumber() && out.length == 1) {
            out[0] = node.asDouble();
        } else if (node.isArray() && node.size() == out.length) {
            for (int i = 0; i < out.length; i++) {
                out[i] = node.get(i).asDouble();
            }
        } else {
            throw new MalformedTrajectory("action " + node + " does not fit an action of " + out.length + " number(s)");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new MalformedTrajectory("missing text field '" + field + "'");
        }
        return v.asText();
    }

    private static double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw new MalformedTrajectory("missing number '" + field + "'");
        }
        return v.asDouble();
    }

    private static boolean bool(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isBoolean()) {
            throw new MalformedTrajectory("missing boolean '" + field + "'");
        }
        return v.asBoolean();
    }

    private static double[] doubles(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray()) {
            throw new MalformedTrajectory("missing array '" + field + "'");
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isNumber()) {
                throw new MalformedTrajectory("'" + field + "' holds a non-number: " + v.get(i));
            }
            out[i] = v.get(i).asDouble();
        }
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static final class MalformedTrajectory extends RuntimeException {
        MalformedTrajectory(String message) {
            super(message);
        }
    }
}
