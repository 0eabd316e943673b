package ai.engram.agent.maml;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.env.tasks.Navigation2D;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The derivatives MAML relies on, against finite differences of loss values on a tiny policy
 * (2-5-4-2, 7 samples): the inner gradient, the inner Hessian-vector product (exact R-operator,
 * finite differences of gradients, second differences of the loss), the Fisher product, and the
 * outer (meta-) gradient and TRPO curvature through one and two inner steps.
 */
class MamlGradientTest {

    static final GaussianMlp MLP = new GaussianMlp(2, new int[] {5, 4}, 2);
    static final double ALPHA = 0.3;

    static MamlConfig config(int innerSteps, boolean firstOrder, MamlConfig.Hvp hvp) {
        return new MamlConfig(1, 2, 2, ALPHA, innerSteps, firstOrder, hvp, true, new int[] {5, 4}, 1.0, 0.99, 1.0, 10,
                0.01, 10, 1.0, 1e-5, 10, 0.8, 1, 0, 1, 2, 1, 2, 1.0, 1);
    }

    static double[] theta(long seed) {
        double[] theta = MLP.initialize(new SplittableRandom(seed), 0.7);
        SplittableRandom r = new SplittableRandom(seed + 1);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += 0.2 * r.nextGaussian(); // non-zero biases and log-stds: every term of the derivatives matters
        }
        return theta;
    }

    static Samples samples(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] obs = new double[2 * n];
        double[] act = new double[2 * n];
        double[] adv = new double[n];
        for (int i = 0; i < n; i++) {
            obs[2 * i] = r.nextGaussian();
            obs[2 * i + 1] = r.nextGaussian();
            act[2 * i] = r.nextGaussian();
            act[2 * i + 1] = r.nextGaussian();
            adv[i] = r.nextGaussian();
        }
        return new Samples(obs, act, adv);
    }

    static double innerLoss(double[] theta, Samples s) {
        double[] logp = PolicyLoss.logProbabilities(MLP, theta, MLP.forward(theta, s.observations(), s.n()), s);
        double loss = 0;
        for (int i = 0; i < s.n(); i++) {
            loss -= s.advantages()[i] * logp[i] / s.n();
        }
        return loss;
    }

    static double[] direction(long seed, int size) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    static double[] shifted(double[] theta, double[] v, double eps) {
        double[] out = theta.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += eps * v[i];
        }
        return out;
    }

    /** Central differences of f along every coordinate. */
    static double[] numericGradient(ToDoubleFunction<double[]> f, double[] theta) {
        double eps = 1e-6;
        double[] g = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[i] += eps;
            minus[i] -= eps;
            g[i] = (f.applyAsDouble(plus) - f.applyAsDouble(minus)) / (2 * eps);
        }
        return g;
    }

    /** H v by mixed second differences of the loss value: row i is d/d theta_i of the directional derivative along v. */
    static double[] secondDifferenceHvp(ToDoubleFunction<double[]> f, double[] theta, double[] v) {
        double eps = 1e-4;
        return numericGradient(t -> (f.applyAsDouble(shifted(t, v, eps)) - f.applyAsDouble(shifted(t, v, -eps))) / (2 * eps), theta);
    }

    static void assertClose(double[] expected, double[] actual, double relative, String what) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
            norm = Math.max(norm, Math.abs(expected[i]));
        }
        assertTrue(diff <= relative * norm, what + ": max difference " + diff + " against max magnitude " + norm);
    }

    @Test
    void innerGradientMatchesFiniteDifferences() {
        double[] theta = theta(1);
        Samples s = samples(2, 7);
        double[] exact = PolicyLoss.gradient(MLP, theta, MLP.forward(theta, s.observations(), s.n()), s);
        assertClose(numericGradient(t -> innerLoss(t, s), theta), exact, 1e-6, "inner gradient");
    }

    @Test
    void exactHvpMatchesFiniteDifferencesOfGradientsAndOfTheLoss() {
        double[] theta = theta(3);
        Samples s = samples(4, 7);
        double[] v = direction(5, theta.length);
        double[] exact = PolicyLoss.hessianVector(MLP, theta, MLP.forward(theta, s.observations(), s.n()), s, v);
        assertClose(Maml.finiteDifferenceHvp(MLP, theta, s, v), exact, 1e-5, "exact HVP against finite differences of gradients");
        assertClose(secondDifferenceHvp(t -> innerLoss(t, s), theta, v), exact, 1e-4, "exact HVP against second differences of the loss");
    }

    @Test
    void fisherProductIsTheHessianOfTheKlAtTheOldPolicy() {
        double[] theta = theta(6);
        Samples s = samples(7, 7);
        double[] v = direction(8, theta.length);
        GaussianMlp.Forward old = MLP.forward(theta, s.observations(), s.n());
        ToDoubleFunction<double[]> kl = t -> PolicyLoss.meanKl(MLP, theta, old, t, MLP.forward(t, s.observations(), s.n()));
        assertClose(secondDifferenceHvp(kl, theta, v), PolicyLoss.fisherVector(MLP, theta, old, v), 1e-4, "Fisher product");
    }

    @Test
    void metaGradientAndCurvatureGoThroughOneAndTwoInnerSteps() {
        for (int steps = 1; steps <= 2; steps++) {
            for (MamlConfig.Hvp hvp : MamlConfig.Hvp.values()) {
                checkOuterDerivatives(steps, hvp);
            }
        }
    }

    private static void checkOuterDerivatives(int steps, MamlConfig.Hvp hvp) {
        try (Maml maml = new Maml(config(steps, false, hvp), new Navigation2D.Goals(10), 2, 2, c -> TrajectorySampler.threads(c, 1), 0)) {
            Maml.Adaptation a = adaptation(maml, theta(9), steps);
            double[] theta0 = a.thetas[0];
            String what = steps + " inner step(s), " + hvp;
            double[] numeric = numericGradient(t -> a.outerLoss(a.adaptFrom(t))[0], theta0);
            assertClose(numeric, a.metaGradient(), 1e-5, "meta-gradient, " + what);
            double[] v = direction(10, theta0.length);
            double[] curvature = secondDifferenceHvp(t -> a.outerLoss(a.adaptFrom(t))[1], theta0, v);
            assertClose(curvature, a.curvature(v), 1e-4, "J^T F J v, " + what);
        }
    }

    @Test
    void firstOrderMamlIsTheGradientAtTheAdaptedParameters() {
        try (Maml maml = new Maml(config(1, true, MamlConfig.Hvp.EXACT), new Navigation2D.Goals(10), 2, 2,
                c -> TrajectorySampler.threads(c, 1), 0)) {
            Maml.Adaptation a = adaptation(maml, theta(11), 1);
            double[] adapted = a.thetas[1];
            double[] numeric = numericGradient(t -> a.outerLoss(t)[0], adapted);
            assertClose(numeric, a.metaGradient(), 1e-5, "FOMAML gradient");
        }
    }

    /** An adaptation on fixed random samples (one batch per inner step and one after), step k of size alpha / (k + 1). */
    private static Maml.Adaptation adaptation(Maml maml, double[] theta, int steps) {
        double[] alphas = new double[steps];
        for (int k = 0; k < steps; k++) {
            alphas[k] = ALPHA / (k + 1);
        }
        Maml.Adaptation a = maml.new Adaptation(theta, alphas, 0);
        for (int k = 0; k <= steps; k++) {
            a.take(k, samples(100 + k, 7), true);
        }
        return a;
    }
}
