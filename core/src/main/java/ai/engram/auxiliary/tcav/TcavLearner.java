package ai.engram.auxiliary.tcav;

import ai.engram.auxiliary.AuxiliaryLearner;
import ai.engram.auxiliary.BarChart;
import ai.engram.nn.Network;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * TCAV in a reinforcement-learning run: concepts over states, "obs[j] high" and "obs[j] low" (the
 * quarter of the sampled states with the largest, or smallest, feature j: on CartPole "obs[2]
 * high" is the pole leaning right), each tested against random quarters of the sample for every
 * action's Q-value at the first hidden layer, with the paper's t-test.
 */
public final class TcavLearner implements AuxiliaryLearner {

    private static final int LAYER = 1;
    private static final int RANDOM_SETS = 20;
    private final SplittableRandom random;

    public TcavLearner(long seed) {
        random = new SplittableRandom(seed);
    }

    @Override
    public String name() {
        return "tcav";
    }

    @Override
    public boolean changesTraining() {
        return false;
    }

    @Override
    public List<String> columns() {
        return List.of("env_step", "concept", "action", "tcav_score", "random_score", "p_value", "significant");
    }

    @Override
    public List<List<Object>> round(Network network, ReplaySample sample, long envStep, Path directory) {
        int n = sample.count();
        int d = sample.observationSize();
        int quarter = Math.max(2, n / 4);
        Tcav tcav = new Tcav(network, LAYER);
        double[][] states = tcav.activations(sample.observations(), n);
        List<double[][]> randoms = new ArrayList<>();
        for (int r = 0; r < RANDOM_SETS; r++) {
            randoms.add(pick(states, Arrays.copyOf(ai.engram.data.Dataset.permutation(n, random), quarter)));
        }
        List<double[][]> gradients = IntStream.range(0, network.outputSize())
                .mapToObj(a -> tcav.logitGradients(sample.observations(), n, a)).toList();
        List<List<Object>> rows = new ArrayList<>();
        List<String> concepts = new ArrayList<>();
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        for (int j = 0; j < d; j++) {
            int feature = j;
            Integer[] byFeature = IntStream.range(0, n).boxed()
                    .sorted(Comparator.comparingDouble(i -> sample.observations()[i * d + feature])).toArray(Integer[]::new);
            for (boolean high : new boolean[] {true, false}) {
                int[] rowsOf = IntStream.range(0, quarter).map(i -> high ? byFeature[n - 1 - i] : byFeature[i]).toArray();
                String concept = "obs[" + j + "] " + (high ? "high" : "low");
                concepts.add(concept);
                List<Tcav.Result> results = Tcav.test(pick(states, rowsOf), randoms, gradients);
                for (int a = 0; a < results.size(); a++) {
                    Tcav.Result t = results.get(a);
                    rows.add(List.of(envStep, concept, a, t.mean(), Arrays.stream(t.randomScores()).average().orElse(Double.NaN),
                            t.pValue(), t.significant()));
                    bars.computeIfAbsent("action " + a, k -> new ArrayList<>()).add(t.significant() ? t.mean() : 0.0);
                }
            }
        }
        BarChart.draw(directory.resolve("tcav.png"), "TCAV per action (0 where not significant), env step " + envStep,
                "concept", "TCAV score", concepts, bars, 0, 1);
        return rows;
    }

    private static double[][] pick(double[][] rows, int[] which) {
        return Arrays.stream(which).mapToObj(i -> rows[i]).toArray(double[][]::new);
    }
}
