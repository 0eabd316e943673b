package ai.engram.auxiliary.influence;

import ai.engram.agent.dqn.TdLoss;
import ai.engram.auxiliary.AuxiliaryLearner;
import ai.engram.auxiliary.sharpness.Sharpness;
import ai.engram.nn.Curvature;
import ai.engram.nn.Network;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Koh and Liang's influence functions on DQN's TD loss: which replay transitions most influence the
 * TD loss at chosen states. Each round, on the snapshot's TD loss over the replay sample (the
 * snapshot as its own frozen target, as {@code --aux sharpness}), the {@value #TESTS} sampled
 * transitions of largest |TD error| (where Q is most wrong now) are the test points z_test and the
 * other n the training points z_i:
 *
 * <pre>
 *   L_test            = mean TD loss over the test transitions
 *   H                 = Hessian of the mean TD loss over the training transitions + damping I
 *   s_test            = H^-1 grad L_test                          conjugate gradient on exact products
 *   I_up,loss(z_i)    = -s_test . grad l(z_i)                     l: one transition's TD loss
 * </pre>
 *
 * Removing z_i changes L_test by about -1/n I_up,loss(z_i): positive scores are transitions whose
 * weight lowers the test TD loss. Off a minimum the TD loss's Hessian is indefinite, so damping =
 * max(0, -lambda_min) + 1% of lambda_max (both by power iteration): the least shift that makes H
 * positive definite, plus a margin at its scale. Writes {@code aux/influence.csv} (every
 * transition of the round, ranked by |I_up,loss|, the test transitions as role {@code test}; damping and the round's cost in
 * ms repeated on each row) and
 * {@code aux/influence.png}, the round's scores against TD error.
 */
public final class InfluenceLearner implements AuxiliaryLearner {

    static final int TESTS = 8;
    private static final int POWER_ITERATIONS = 100;
    private static final int CG_ITERATIONS = 200;
    private final long seed;

    public InfluenceLearner(long seed) {
        this.seed = seed;
    }

    @Override
    public String name() {
        return "influence";
    }

    @Override
    public boolean changesTraining() {
        return false;
    }

    @Override
    public List<String> columns() {
        return List.of("env_step", "role", "rank", "transition", "action", "reward", "td_error", "influence", "damping", "round_ms");
    }

    /**
     * @param upLoss  I_up,loss(z_i, z_test) of every sample row (0 at the test rows)
     * @param errors  every row's TD error
     */
    public record Round(int[] tests, double[] upLoss, float[] errors, double damping) {
    }

    @Override
    public List<List<Object>> round(Network network, ReplaySample sample, long envStep, Path directory) {
        if (sample.count() <= TESTS) {
            throw new IllegalArgumentException("--aux influence needs more than " + TESTS + " replay transitions per round; got "
                    + sample.count() + " (raise aux-samples)");
        }
        long start = System.nanoTime();
        Round r = measure(network, sample, seed + envStep);
        double millis = (System.nanoTime() - start) / 1e6;
        List<List<Object>> rows = new ArrayList<>();
        for (int k = 0; k < r.tests().length; k++) {
            rows.add(row(envStep, "test", k + 1, r.tests()[k], sample, r, null, millis));
        }
        List<Integer> trained = trainingRows(sample.count(), r.tests()).boxed()
                .sorted(Comparator.comparingDouble(i -> -Math.abs(r.upLoss()[i]))).toList();
        for (int k = 0; k < trained.size(); k++) {
            rows.add(row(envStep, "train", k + 1, trained.get(k), sample, r, r.upLoss()[trained.get(k)], millis));
        }
        double[] errors = trained.stream().mapToDouble(i -> r.errors()[i]).toArray();
        double[] scores = trained.stream().mapToDouble(i -> r.upLoss()[i]).toArray();
        InfluenceStudy.scatter(directory.resolve("influence.png"), "Influence on the TD loss of the " + TESTS
                + " highest-TD-error states, env step " + envStep, "TD error of the transition", "I_up,loss",
                Map.of("replay transitions", new double[][] {errors, scores}));
        return rows;
    }

    private static List<Object> row(long envStep, String role, int rank, int i, ReplaySample s, Round r, Double influence, double millis) {
        return Arrays.asList(envStep, role, rank, i, s.actions()[i * s.actionSize()], s.rewards()[i], r.errors()[i], influence, r.damping(),
                millis);
    }

    /** This round's test rows (largest |TD error| first), damping and scores, at {@code network}'s parameters. */
    static Round measure(Network network, ReplaySample sample, long seed) {
        INDArray x = sample.observationMatrix(network);
        float[] errors = sample.tdLoss(network).errors(network.forward(x));
        int[] tests = IntStream.range(0, sample.count()).boxed().sorted(Comparator.comparingDouble(i -> -Math.abs(errors[i])))
                .limit(TESTS).mapToInt(Integer::intValue).toArray();
        TdLoss train = sample.tdLoss(network, weights(sample.count(), trainingRows(sample.count(), tests).toArray()));
        TdLoss test = sample.tdLoss(network, weights(sample.count(), tests));
        Curvature h = Curvature.at(network, x, train);
        Sharpness.Eigen top = Sharpness.largestEigenvalue(h::hessianVector, network.parameterCount(), POWER_ITERATIONS, 1e-3, seed);
        double smallest = Sharpness.smallestEigenvalue(h::hessianVector, top.value(), network.parameterCount(), POWER_ITERATIONS, 1e-3, seed);
        double damping = Math.max(0, -smallest) + 0.01 * Math.abs(top.value());
        return new Round(tests, upLoss(network, x, train, sample.count() - TESTS, test, damping), errors, damping);
    }

    /**
     * I_up,loss(z_i, z_test) = -s_test . grad l(z_i) for every row of {@code x}, with s_test = (H + damping I)^-1 grad L_test and
     * H the Hessian of {@code train} (whose row i weighs l(z_i) by 1/n, or 0 to leave it out; the scores of rows left out are
     * 0: dots with a zero gradient). Removing row i changes the test loss by about -1/n I_up,loss: exactly so to first order at a minimum of
     * {@code train} + damping / 2 ||theta||^2.
     */
    static double[] upLoss(Network network, INDArray x, TdLoss train, int n, TdLoss test, double damping) {
        Curvature h = Curvature.at(network, x, train, damping);
        double[] gradTest = Curvature.at(network, x, test).gradient();
        double[] sTest = InverseHvp.conjugateGradient(h::hessianVector, gradTest, CG_ITERATIONS, 1e-6);
        // row i's term of grad R is grad l(z_i) / n
        double[] dots = h.rowGradientDots(sTest);
        return Arrays.stream(dots).map(d -> -n * d).toArray();
    }

    /** Mean over {@code rows}: count / rows.length each, so TdLoss's 1/count makes it 1 / rows.length. */
    private static float[] weights(int count, int[] rows) {
        float[] w = new float[count];
        for (int i : rows) {
            w[i] = (float) count / rows.length;
        }
        return w;
    }

    private static IntStream trainingRows(int count, int[] tests) {
        return IntStream.range(0, count).filter(i -> Arrays.stream(tests).noneMatch(t -> t == i));
    }
}
