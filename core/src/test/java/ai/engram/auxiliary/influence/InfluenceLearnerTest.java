package ai.engram.auxiliary.influence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.agent.dqn.TdLoss;
import ai.engram.auxiliary.AuxiliaryLearner.ReplaySample;
import ai.engram.auxiliary.AttachedRun;
import ai.engram.cli.CliRun;
import ai.engram.nn.Activation;
import ai.engram.nn.Curvature;
import ai.engram.nn.Initializer;
import ai.engram.nn.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class InfluenceLearnerTest {

    private static final int TESTS = 4;
    private static final int TRAIN = 200;

    /**
     * On a tiny TD problem (a 4-8-2 tanh Q-network in float64, 36 random transitions, the squared TD
     * error, targets frozen at the initial parameters), minimized with weight decay equal to the
     * damping: the predicted change of the test TD loss on removing each training transition,
     * -1/n I_up,loss, matches removing it and re-minimizing.
     */
    @Test
    void scoresPredictTheTestLossAfterRemovingATransitionAndReMinimizing() {
        double damping = 0.05;
        Network target = tinyQNetwork();
        Network online = tinyQNetwork();
        ReplaySample sample = randomSample(TESTS + TRAIN, new SplittableRandom(5));
        INDArray x = sample.observationMatrix(online);
        TdLoss test = sample.tdLoss(target, weights(0, TESTS, -1));
        TdLoss train = sample.tdLoss(target, weights(TESTS, TESTS + TRAIN, -1));
        double norm = Newton.minimize(online, x, train, damping, 1e-6, 30);
        assertTrue(norm < 1e-5, "a minimum of the training TD loss: gradient norm " + norm);
        double[] thetaHat = online.parameters().toDoubleVector();
        double testLoss = Curvature.at(online, x, test).value();
        double[] upLoss = InfluenceLearner.upLoss(online, x, train, TRAIN, test, damping);
        // retrain without the 10 transitions of largest predicted effect and every 20th other one
        int[] order = IntStream.range(0, TRAIN).boxed().sorted(Comparator.comparingDouble(i -> -Math.abs(upLoss[TESTS + i])))
                .mapToInt(Integer::intValue).toArray();
        int[] rows = IntStream.range(0, TRAIN).filter(k -> k < 10 || k % 20 == 0).map(k -> order[k]).toArray();
        double[] predicted = new double[rows.length];
        double[] actual = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            predicted[k] = -upLoss[TESTS + rows[k]] / TRAIN;
            online.parameters().assign(org.nd4j.linalg.factory.Nd4j.createFromArray(thetaHat));
            Newton.minimize(online, x, sample.tdLoss(target, weights(TESTS, TESTS + TRAIN, TESTS + rows[k])), damping, 1e-6, 30);
            actual[k] = Curvature.at(online, x, test).value() - testLoss;
        }
        double pearson = new PearsonsCorrelation().correlation(predicted, actual);
        System.out.println("predicted " + Arrays.toString(predicted) + "\nactual    " + Arrays.toString(actual) + "\nPearson " + pearson);
        assertTrue(pearson >= 0.95, "Pearson R " + pearson);
        int top = 0; // rows[0]: the largest predicted effect
        assertEquals(actual[top], predicted[top], 0.2 * Math.abs(actual[top]), "the most influential transition");
    }

    /** Attached to a DQN run: each round ranks the sampled transitions by influence on the highest-TD-error states. */
    @Test
    void anAttachedDqnRunWritesTheInfluenceRanking(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("run");
        CliRun run = AttachedRun.train(dir, "influence");
        assertEquals(0, run.exitCode(), run.err());
        List<String> csv = Files.readAllLines(dir.resolve("aux/influence.csv"));
        assertEquals("env_step,role,rank,transition,action,reward,td_error,influence,damping,round_ms", csv.get(0));
        List<String[]> rows = csv.subList(1, csv.size()).stream().map(l -> l.split(",", -1)).toList();
        long rounds = rows.stream().map(r -> r[0]).distinct().count();
        assertTrue(rounds >= 2, csv.size() + " lines");
        assertEquals(rounds * 128, rows.size(), "every sampled transition, each round");
        assertEquals(rounds * InfluenceLearner.TESTS, rows.stream().filter(r -> r[1].equals("test")).count());
        for (String[] r : rows.stream().filter(r -> r[1].equals("train")).toList()) {
            assertTrue(Double.isFinite(Double.parseDouble(r[7])) && Double.parseDouble(r[8]) > 0, String.join(",", r));
        }
        String[] first = rows.stream().filter(r -> r[1].equals("train")).findFirst().orElseThrow();
        assertEquals("1", first[2]);
        assertTrue(Math.abs(Double.parseDouble(first[7])) > 0, "the top-ranked transition has an influence");
        assertTrue(Files.size(dir.resolve("aux/influence.png")) > 1000);
    }

    @Test
    void aSampleTooSmallForTestAndTrainingTransitionsIsRefused() {
        Network net = Network.mlp(4, new int[] {8}, 2, Activation.Kind.RELU, false, new Initializer.TorchDefault(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InfluenceLearner(0).round(net, randomSample(InfluenceLearner.TESTS, new SplittableRandom(1)), 0, Path.of("unused")));
        assertTrue(e.getMessage().contains("aux-samples"), e.getMessage());
    }

    private static Network tinyQNetwork() {
        return new Network(Network.mlpLayers(4, new int[] {4}, 2, Activation.Kind.TANH, false, new Initializer.TorchDefault()), 3,
                DataType.DOUBLE);
    }

    /** Weight count / (to - from) on rows [from, to) except {@code without}: the mean over them in TdLoss's 1/count. */
    private static float[] weights(int from, int to, int without) {
        float[] w = new float[TESTS + TRAIN];
        for (int i = from; i < to; i++) {
            w[i] = i == without ? 0 : (float) w.length / (to - from);
        }
        return w;
    }

    private static ReplaySample randomSample(int count, SplittableRandom random) {
        float[] obs = new float[count * 4];
        float[] next = new float[count * 4];
        for (int j = 0; j < obs.length; j++) {
            obs[j] = (float) random.nextGaussian();
            next[j] = (float) random.nextGaussian();
        }
        double[] actions = new double[count];
        float[] rewards = new float[count];
        float[] discounts = new float[count];
        for (int i = 0; i < count; i++) {
            actions[i] = random.nextInt(2);
            rewards[i] = (float) random.nextGaussian();
            discounts[i] = 0.9f;
        }
        return new ReplaySample(obs, count, 4, actions, 1, rewards, discounts, next, false);
    }
}
