package ai.engram.agent.dqn;

import ai.engram.nn.Activation;
import ai.engram.nn.CRelu;
import ai.engram.nn.Dense;
import ai.engram.nn.Layer;
import ai.engram.nn.VariationalDense;
import java.util.ArrayList;
import java.util.List;
import ai.engram.nn.Initializer;
import ai.engram.nn.Network;
import java.util.Locale;

/** DQN's Q-network: an MLP from observations to one value per action, optionally with a dueling head. */
public final class DqnNetworks {

    private DqnNetworks() {
    }

    public static Network qNetwork(DqnConfig config, int observationSize, int actions, long seed) {
        if (config.networkInit().equals("looks-linear")) {
            return new Network(looksLinear(observationSize, config.hidden(), actions), seed);
        }
        Activation.Kind activation = Activation.Kind.valueOf(config.activation().toUpperCase(Locale.ROOT));
        if (config.sparseVd()) {
            return new Network(sparseVd(observationSize, config.hidden(), actions, activation, seed), seed);
        }
        return Network.mlp(observationSize, config.hidden(), actions, activation, config.dueling(), new Initializer.TorchDefault(), seed);
    }

    /** Balduzzi et al.'s looks-linear MLP: orthogonal first layer, then CReLU and [W0; -W0] after every hidden layer. */
    private static List<Layer> looksLinear(int inputs, int[] hidden, int outputs) {
        List<Layer> layers = new ArrayList<>(List.of(new Dense(inputs, hidden[0], new Initializer.Orthogonal(1))));
        for (int i = 0; i < hidden.length; i++) {
            int next = i + 1 < hidden.length ? hidden[i + 1] : outputs;
            layers.add(new CRelu(hidden[i]));
            layers.add(new Dense(2 * hidden[i], next, new Initializer.LooksLinear()));
        }
        return layers;
    }

    /** Sparse variational dropout hidden layers (each with its own noise seed) and a plain linear head. */
    private static List<Layer> sparseVd(int inputs, int[] hidden, int outputs, Activation.Kind activation, long seed) {
        List<Layer> layers = new ArrayList<>();
        int width = inputs;
        for (int i = 0; i < hidden.length; i++) {
            layers.add(new VariationalDense(width, hidden[i], new Initializer.TorchDefault(), seed + 1 + i));
            layers.add(new Activation(activation, hidden[i]));
            width = hidden[i];
        }
        layers.add(new Dense(width, outputs, new Initializer.TorchDefault()));
        return layers;
    }
}
