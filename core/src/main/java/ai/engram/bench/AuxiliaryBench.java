package ai.engram.bench;

import ai.engram.auxiliary.Classifier;
import ai.engram.auxiliary.deeplift.DeepLift;
import ai.engram.auxiliary.tcav.Tcav;
import ai.engram.data.DataSplit;
import ai.engram.data.Dataset;
import ai.engram.data.Datasets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the paper modules cost: time per explained input of DeepLIFT (each rule) and of TCAV on the
 * digits MLP, and what attaching auxiliary learners costs a DQN run in env steps per second.
 */
public final class AuxiliaryBench {

    private AuxiliaryBench() {
    }

    /** DeepLIFT and TCAV on a 64-128-128-10 digits MLP (20 epochs); the median of {@code repeats} passes over the test set. */
    public static List<Measurement> explainers(int repeats) {
        DataSplit data = Datasets.load("digits");
        Classifier net = Classifier.mlp(64, new int[] {128, 128}, 10, 0);
        net.train(data.train(), new Classifier.Training(20, 64, 1e-3, 0, 0));
        float[] parameters = net.network().snapshot();
        Dataset test = data.test();
        float[] reference = new float[64];
        List<Measurement> out = new ArrayList<>();
        for (DeepLift.Rule rule : DeepLift.Rule.values()) {
            DeepLift deepLift = new DeepLift(net.network().layers(), rule);
            out.add(new Measurement("aux", parameters("module", "deeplift", "rule", rule.name().toLowerCase(java.util.Locale.ROOT)),
                    "us_per_explained_input", median(repeats + 1, () -> {
                        for (int i = 0; i < test.size(); i++) {
                            deepLift.explain(parameters, test.inputs(), i * 64, reference, test.labels()[i]);
                        }
                    }) / test.size()));
        }
        // TCAV of one concept against 20 random sets of 50 (20 concept CAVs, 10 null CAVs), for the inputs of one class
        Tcav tcav = new Tcav(net.network(), 1);
        SplittableRandom random = new SplittableRandom(0);
        Dataset classInputs = test.ofClass(3);
        out.add(new Measurement("aux", parameters("module", "tcav", "rule", "30 CAVs of 50 examples"),
                "us_per_explained_input", median(repeats + 1, () -> {
                    double[][] concept = tcav.activations(sample(test, 50, random).inputs(), 50);
                    List<double[][]> randoms = new ArrayList<>();
                    for (int r = 0; r < 20; r++) {
                        randoms.add(tcav.activations(sample(test, 50, random).inputs(), 50));
                    }
                    Tcav.test(concept, randoms, List.<double[][]>of(tcav.logitGradients(classInputs.inputs(), classInputs.size(), 3)));
                }) / classInputs.size()));
        return out;
    }

    /**
     * DQN on CartPole-v1 from its preset for {@code steps} env steps, alternately without and with
     * {@code aux} attached every {@code every} steps: env steps per second of each, medians.
     */
    public static List<Measurement> overhead(long steps, List<String> aux, long every, int repeats) {
        double[] plain = new double[repeats];
        double[] attached = new double[repeats];
        try {
            Path dir = Files.createTempDirectory("engram-bench-aux");
            List<String> common = List.of("total-steps=" + steps, "eval-every=" + steps, "eval-episodes=1", "checkpoint-every=" + steps);
            for (int r = 0; r < repeats; r++) {
                plain[r] = steps / Training.run("dqn", "CartPole-v1", r, common, dir.resolve("plain-" + r)).seconds();
                List<String> withAux = new ArrayList<>(common);
                withAux.add("aux=[" + String.join(",", aux) + "]");
                withAux.add("aux-every=" + every);
                attached[r] = steps / Training.run("dqn", "CartPole-v1", r, withAux, dir.resolve("aux-" + r)).seconds();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of(new Measurement("aux-overhead", parameters("env", "CartPole-v1", "aux", "none", "aux-every", every),
                        "env_steps_per_s", median(plain)),
                new Measurement("aux-overhead", parameters("env", "CartPole-v1", "aux", String.join("+", aux), "aux-every", every),
                        "env_steps_per_s", median(attached)));
    }

    /** Key-value pairs in the order given (the table's columns). */
    private static Map<String, Object> parameters(Object... keysAndValues) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    private static Dataset sample(Dataset d, int n, SplittableRandom random) {
        return d.rows(Arrays.copyOf(Dataset.permutation(d.size(), random), n));
    }

    /** Median microseconds of {@code runs} timed runs, the first dropped as JIT warm-up. */
    private static double median(int runs, Runnable work) {
        double[] micros = new double[runs - 1];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            work.run();
            if (r > 0) {
                micros[r - 1] = (System.nanoTime() - t0) / 1e3;
            }
        }
        return median(micros);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
