package ai.engram.agent.nec;

import ai.engram.agent.LinearSchedule;
import ai.engram.config.Settings;

/**
 * NEC's hyper-parameters, with the paper's names where it has one. Defaults (the paper's values)
 * live in {@code agents/nec.conf}; per-environment presets next to it.
 *
 * @param hidden           hidden layer sizes of the embedding MLP (observation to key)
 * @param activation       relu or tanh
 * @param keySize          size of the embedding h, the DND keys
 * @param dndCapacity      entries per action's DND; the least recently used one is evicted when full
 * @param exactLimit       up to this many keys a DND searches exactly; beyond, through an inverted-file index
 * @param probes           lists of the inverted-file index a lookup scans
 * @param neighbours       p, nearest neighbours per lookup
 * @param kernelDelta      delta in k(h, h_i) = 1 / (||h - h_i||^2 + delta)
 * @param tabularAlpha     alpha of the tabular write Q_i += alpha (Q^N - Q_i) for a state already present
 * @param dndLearningRate  step size of the gradient descent on the looked-up keys and values
 * @param nStep            N of the N-step Q targets
 * @param gamma            discount
 * @param bufferSize       replay capacity in (s, a, Q^N) tuples
 * @param batchSize        tuples per update
 * @param learningStarts   env steps before the first update
 * @param trainFrequency   env steps between updates
 * @param learningRate     RMSProp's step size for the embedding network
 * @param rmspropDecay     RMSProp's decay of the mean squared gradient
 * @param rmspropEpsilon   RMSProp's epsilon
 * @param maxGradNorm      clip the embedding's global gradient norm to this (infinity: no clipping)
 * @param exploration      epsilon-greedy schedule over the run
 */
public record NecConfig(int[] hidden, String activation, int keySize, int dndCapacity, int exactLimit, int probes,
                        int neighbours,
                        double kernelDelta, double tabularAlpha, double dndLearningRate, int nStep, double gamma,
                        int bufferSize, int batchSize, long learningStarts, int trainFrequency, double learningRate,
                        double rmspropDecay, double rmspropEpsilon, double maxGradNorm, LinearSchedule exploration) {

    public static NecConfig from(Settings s) {
        return new NecConfig(
                s.positiveIntegers("hidden"),
                s.choice("activation", "relu", "tanh"),
                s.integer("key-size", 1, 4096),
                s.integer("dnd-capacity", 1, 10_000_000),
                s.integer("dnd-exact-limit", 1, Integer.MAX_VALUE),
                s.integer("dnd-probes", 1, 1_000_000),
                s.integer("neighbours", 1, 10_000),
                s.number("kernel-delta", 1e-12, 1e6),
                s.number("tabular-alpha", 0, 1),
                s.number("dnd-learning-rate", 0, 1e3),
                s.integer("n-step", 1, 100_000),
                s.number("gamma", 0, 1),
                s.integer("buffer-size", 1, 100_000_000),
                s.integer("batch-size", 1, 1_000_000),
                s.longInteger("learning-starts", 0),
                s.integer("train-frequency", 1, Integer.MAX_VALUE),
                s.number("learning-rate", 0, 1),
                s.number("rmsprop-decay", 0, 1),
                s.number("rmsprop-epsilon", 0, 1),
                s.number("max-grad-norm", 0, Double.POSITIVE_INFINITY),
                new LinearSchedule(s.number("exploration-start", 0, 1), s.number("exploration-end", 0, 1),
                        s.number("exploration-fraction", 0, 1)));
    }
}
