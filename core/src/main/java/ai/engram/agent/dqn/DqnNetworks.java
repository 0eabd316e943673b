package ai.engram.agent.dqn;

import ai.engram.nn.Activation;
import ai.engram.nn.Initializer;
import ai.engram.nn.Network;
import java.util.Locale;

/** DQN's Q-network: an MLP from observations to one value per action, optionally with a dueling head. */
public final class DqnNetworks {

    private DqnNetworks() {
    }

    public static Network qNetwork(DqnConfig config, int observationSize, int actions, long seed) {
        return Network.mlp(observationSize, config.hidden(), actions,
                Activation.Kind.valueOf(config.activation().toUpperCase(Locale.ROOT)), config.dueling(),
                new Initializer.TorchDefault(), seed);
    }
}
