package ai.engram.agent;

import ai.engram.agent.dqn.DqnAgent;
import ai.engram.agent.dqn.DqnConfig;
import ai.engram.agent.nec.NecAgent;
import ai.engram.agent.nec.NecConfig;
import ai.engram.config.Settings;
import ai.engram.env.Space;
import ai.engram.env.VectorEnv;
import java.util.List;

/** The agents Engram can train, by the name presets and the command line use. */
public final class Agents {

    private Agents() {
    }

    public static List<String> names() {
        return List.of("dqn", "nec");
    }

    /** Builds agent {@code name} from its settings for the given environments. */
    public static Agent create(String name, Settings settings, VectorEnv envs, long totalSteps, long seed) {
        return create(name, settings, envs.observationSpace(), envs.actionSpace(), envs.numEnvs(), totalSteps, seed);
    }

    /** Builds agent {@code name} for {@code numEnvs} copies of an environment with these spaces. */
    public static Agent create(String name, Settings settings, Space observationSpace, Space actionSpace, int numEnvs,
                               long totalSteps, long seed) {
        return switch (name) {
            case "dqn" -> new DqnAgent(DqnConfig.from(settings), observationSpace, actionSpace, numEnvs, totalSteps, seed);
            case "nec" -> new NecAgent(NecConfig.from(settings), observationSpace, actionSpace, numEnvs, totalSteps, seed);
            default -> throw new IllegalArgumentException("unknown agent '" + name + "'; known agents: "
                    + String.join(", ", names()));
        };
    }
}
