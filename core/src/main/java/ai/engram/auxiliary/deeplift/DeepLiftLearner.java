package ai.engram.auxiliary.deeplift;

import ai.engram.auxiliary.AuxiliaryLearner;
import ai.engram.auxiliary.BarChart;
import ai.engram.auxiliary.Classifier;
import ai.engram.nn.Network;
import ai.engram.nn.PlainForward;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DeepLIFT in a reinforcement-learning run: for replay states s, the Rescale contributions of
 * each observation feature to the value Q(s, a*) of the action the greedy policy chooses, and to
 * its preference Q(s, a*) - mean_a Q(s, a) (what decides the action), against the mean sampled
 * state as the reference. Reports each feature's mean |contribution| and its share of the total,
 * per round. On CartPole the value varies most with the cart's position and velocity, the
 * preference with the pole's angle and angular velocity.
 */
public final class DeepLiftLearner implements AuxiliaryLearner {

    @Override
    public String name() {
        return "deeplift";
    }

    @Override
    public boolean changesTraining() {
        return false;
    }

    @Override
    public List<String> columns() {
        return List.of("env_step", "feature", "value_mean_abs_contribution", "value_share", "preference_mean_abs_contribution",
                "preference_share");
    }

    @Override
    public List<List<Object>> round(Network network, ReplaySample sample, long envStep, Path directory) {
        float[] parameters = network.snapshot();
        int d = sample.observationSize();
        float[] reference = new float[d];
        for (int i = 0; i < sample.count(); i++) {
            for (int j = 0; j < d; j++) {
                reference[j] += sample.observations()[i * d + j] / sample.count();
            }
        }
        DeepLift deepLift = new DeepLift(network.layers(), DeepLift.Rule.RESCALE);
        PlainForward forward = network.plainForward();
        int actions = network.outputSize();
        double[] value = new double[d];
        double[] preference = new double[d];
        for (int i = 0; i < sample.count(); i++) {
            float[] q = forward.apply(parameters, sample.observations(), i * d);
            int chosen = Classifier.argmax(q, 0, actions);
            double[] valueWeights = new double[actions];
            valueWeights[chosen] = 1;
            double[] preferenceWeights = new double[actions];
            for (int a = 0; a < actions; a++) {
                preferenceWeights[a] = (a == chosen ? 1 : 0) - 1.0 / actions;
            }
            accumulate(value, deepLift.explain(parameters, sample.observations(), i * d, reference, valueWeights), sample.count());
            accumulate(preference, deepLift.explain(parameters, sample.observations(), i * d, reference, preferenceWeights),
                    sample.count());
        }
        double[] valueShare = shares(value);
        double[] preferenceShare = shares(preference);
        List<List<Object>> rows = new ArrayList<>();
        List<String> features = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            rows.add(List.of(envStep, "obs[" + j + "]", value[j], valueShare[j], preference[j], preferenceShare[j]));
            features.add("obs[" + j + "]");
        }
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        bars.put("Q(s, a*)", Arrays.stream(valueShare).boxed().toList());
        bars.put("Q(s, a*) - mean Q(s, .)", Arrays.stream(preferenceShare).boxed().toList());
        BarChart.draw(directory.resolve("deeplift.png"), "DeepLIFT: share of |contributions|, env step " + envStep,
                "observation feature", "share", features, bars, 0, 1);
        return rows;
    }

    private static void accumulate(double[] meanAbs, DeepLift.Attribution a, int count) {
        for (int j = 0; j < meanAbs.length; j++) {
            meanAbs[j] += Math.abs(a.contributions()[j]) / count;
        }
    }

    private static double[] shares(double[] meanAbs) {
        double total = Arrays.stream(meanAbs).sum();
        return Arrays.stream(meanAbs).map(v -> total > 0 ? v / total : 0).toArray();
    }
}
