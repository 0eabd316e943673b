package ai.engram.agent.dqn;

import ai.engram.agent.LinearSchedule;
import ai.engram.config.Settings;

/**
 * DQN's hyper-parameters, with SB3's and CleanRL's names where they have one. Defaults live in
 * {@code agents/dqn.conf}; per-environment presets next to it.
 *
 * @param hidden            hidden layer sizes of the Q-network MLP
 * @param activation        relu or tanh
 * @param dueling           a dueling head (Wang et al. 2016)
 * @param doubleQ           double Q-learning (van Hasselt et al. 2016): the online net picks a', the target net values it
 * @param learningRate      Adam's step size
 * @param adamEpsilon       Adam's epsilon
 * @param maxGradNorm       clip the global gradient norm to this (infinity: no clipping)
 * @param gamma             discount
 * @param nStep             n of n-step returns
 * @param bufferSize        replay capacity in transitions
 * @param batchSize         transitions per update
 * @param learningStarts    env steps before the first update
 * @param trainFrequency    env steps between training rounds
 * @param gradientSteps     updates per training round
 * @param targetUpdateInterval env steps between target network updates
 * @param tau               target update weight: 1 copies (hard update), less is Polyak averaging
 * @param loss              huber or mse on the TD error
 * @param prioritized       proportional prioritized replay (Schaul et al. 2016)
 * @param priorityAlpha     how much priorities matter (0 = uniform)
 * @param priorityBeta      initial importance-sampling exponent, annealed linearly to 1 over the run
 * @param priorityEpsilon   added to |TD error| so no transition gets priority 0
 * @param explorationStart  initial epsilon
 * @param explorationEnd    final epsilon
 * @param explorationFraction fraction of the run over which epsilon decays linearly
 * @param networkInit       torch-default, or looks-linear (Balduzzi et al. 2017: CReLU, W = [W0; -W0], W0 orthogonal)
 * @param parsevalBeta      Parseval retraction after each update (Cisse et al. 2017); 0 turns it off
 * @param sparseVd          hidden layers of sparse variational dropout (Molchanov et al. 2017), KL term in the loss
 * @param sparseVdKlWeight  the KL term's weight per update (the SGVB objective's 1/N)
 */
public record DqnConfig(int[] hidden, String activation, boolean dueling, boolean doubleQ, double learningRate,
                        double adamEpsilon, double maxGradNorm, double gamma, int nStep, int bufferSize, int batchSize,
                        long learningStarts, int trainFrequency, int gradientSteps, long targetUpdateInterval, double tau,
                        String loss, boolean prioritized, double priorityAlpha, double priorityBeta,
                        double priorityEpsilon, double explorationStart, double explorationEnd,
                        double explorationFraction, String networkInit, double parsevalBeta, boolean sparseVd,
                        double sparseVdKlWeight) {

    public static DqnConfig from(Settings s) {
        return new DqnConfig(
                s.positiveIntegers("hidden"),
                s.choice("activation", "relu", "tanh"),
                s.bool("dueling"),
                s.bool("double-q"),
                s.number("learning-rate", 0, 1),
                s.number("adam-epsilon", 0, 1),
                s.number("max-grad-norm", 0, Double.POSITIVE_INFINITY),
                s.number("gamma", 0, 1),
                s.integer("n-step", 1, 10_000),
                s.integer("buffer-size", 1, 100_000_000),
                s.integer("batch-size", 1, 1_000_000),
                s.longInteger("learning-starts", 0),
                s.integer("train-frequency", 1, Integer.MAX_VALUE),
                s.integer("gradient-steps", 1, 1_000_000),
                s.longInteger("target-update-interval", 1),
                s.number("tau", 0, 1),
                s.choice("loss", "huber", "mse"),
                s.choice("replay", "uniform", "prioritized").equals("prioritized"),
                s.number("priority-alpha", 0, 10),
                s.number("priority-beta", 0, 1),
                s.number("priority-epsilon", 0, 1),
                s.number("exploration-start", 0, 1),
                s.number("exploration-end", 0, 1),
                s.number("exploration-fraction", 0, 1),
                s.choice("network-init", "torch-default", "looks-linear"),
                s.number("parseval-beta", 0, 0.5),
                s.bool("sparse-vd"),
                s.number("sparse-vd-kl-weight", 0, 1)).checked();
    }

    /** Combinations the Q-network cannot be built from fail here, with the setting to change. */
    private DqnConfig checked() {
        if (networkInit.equals("looks-linear") && (dueling || sparseVd || !activation.equals("relu"))) {
            throw new ai.engram.config.Settings.InvalidSettingException("network-init = looks-linear builds CReLU layers with a"
                    + " linear head: it needs activation = relu, dueling = false and sparse-vd = false");
        }
        if (sparseVd && dueling) {
            throw new ai.engram.config.Settings.InvalidSettingException("sparse-vd = true makes the hidden layers variational;"
                    + " the dueling head is not: set dueling = false");
        }
        return this;
    }

    /** Prioritized replay's importance-sampling exponent, annealed linearly from priorityBeta to 1 over the run. */
    public double priorityBetaAt(long envStep, long totalSteps) {
        return priorityBeta + Math.min(1.0, (double) envStep / totalSteps) * (1.0 - priorityBeta);
    }

    /** Linear epsilon from explorationStart to explorationEnd over explorationFraction of totalSteps. */
    public double epsilon(long envStep, long totalSteps) {
        return new LinearSchedule(explorationStart, explorationEnd, explorationFraction).at(envStep, totalSteps);
    }
}
