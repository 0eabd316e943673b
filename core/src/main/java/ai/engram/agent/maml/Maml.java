package ai.engram.agent.maml;

import ai.engram.env.Box;
import ai.engram.env.Env;
import ai.engram.env.tasks.TaskDistribution;
import ai.engram.env.tasks.TaskFamilies;
import ai.engram.nn.ConjugateGradient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Model-agnostic meta-learning for RL (Finn, Abbeel and Levine 2017), with the paper's names.
 *
 * <p>Inner loop, per task: theta_0 = theta; theta_{k+1} = theta_k - alpha grad L_in(theta_k), L_in
 * the vanilla policy-gradient loss on episodes sampled with theta_k. Outer loop: one TRPO step on
 * the post-update surrogate L_out(theta_K(theta)) averaged over the meta-batch, under mean KL between
 * the old and new post-update policies at most {@code max-kl}.
 *
 * <p>The meta-gradient is the true one through the adaptation: d theta_{k+1} / d theta_k = J_k =
 * I - alpha H_k with H_k the inner loss's Hessian at theta_k, so grad_theta L_out = J_0^T ... J_{K-1}^T
 * grad L_out(theta_K); each H_k v is one exact R-operator pass (or finite differences of gradients).
 * The sampling distribution's own dependence on theta is left out, as in the authors' code.
 *
 * <p>TRPO's curvature is the Hessian in theta of KL(pi_{theta_K old} || pi_{theta_K(theta)}) at
 * theta = theta_old. Its gradient in theta_K vanishes there, so the Hessian is exactly J^T F J, F the
 * Fisher matrix of the post-update policy on the post-update states and J = J_{K-1} ... J_0: each
 * product is a chain of Hessian-vector products forward, one Fisher product, the chain back.
 * FOMAML ({@code first-order}) takes J = I in both the gradient and the curvature.
 */
public final class Maml implements AutoCloseable {

    private final MamlConfig config;
    private final GaussianMlp policy;
    private final TaskDistribution<?> tasks;
    private final TrajectorySampler sampler;
    private final TaskPool pool;
    private final long seed;

    public Maml(MamlConfig config, TaskDistribution<?> tasks, int observationSize, int actionSize,
                Function<EpisodeCollector, TrajectorySampler> samplers, long seed) {
        this.config = config;
        this.policy = new GaussianMlp(observationSize, config.hidden(), actionSize);
        this.tasks = tasks;
        this.sampler = samplers.apply(new EpisodeCollector(tasks, policy, config.normalizeActions()));
        this.pool = new TaskPool(config.threads());
        this.seed = seed;
    }

    /**
     * MAML on the task family {@code envId}, its episodes collected by the sampler {@code samplers}
     * opens on the family's collector (a plain loop: {@code c -> TrajectorySampler.threads(c, 1)}).
     *
     * @throws IllegalArgumentException when {@code envId} is no task family or its spaces are not continuous
     */
    public static Maml forFamily(MamlConfig config, String envId, long seed,
                                 Function<EpisodeCollector, TrajectorySampler> samplers) {
        TaskDistribution<?> family = TaskFamilies.make(envId, config.horizon());
        try (Env example = family.example()) {
            if (!(example.observationSpace() instanceof Box observations) || !(example.actionSpace() instanceof Box actions)) {
                throw new IllegalArgumentException("MAML's Gaussian policy needs Box observations and actions; " + envId
                        + " has " + example.observationSpace() + " and " + example.actionSpace());
            }
            return new Maml(config, family, observations.flatSize(), actions.flatSize(), samplers, seed);
        }
    }

    public GaussianMlp policy() {
        return policy;
    }

    /** The initial theta of a run with this seed (the paper's random initialization, when {@code salt} differs). */
    public double[] initialTheta(long salt) {
        return policy.initialize(new SplittableRandom(mix(seed, salt)), config.initStd());
    }

    /** What one meta-iteration did. */
    public record Iteration(double[] theta, double preUpdateReturn, double postUpdateReturn, double kl, int backtracks,
                            boolean accepted, long envSteps) {
    }

    /** One meta-iteration from {@code theta}: sample a meta-batch, adapt to each task, one TRPO step on the meta-objective. */
    public Iteration metaStep(double[] theta, int iteration) {
        return outerStep(theta, iteration, config.innerSteps());
    }

    /**
     * The same TRPO step with no adaptation: a policy trained on all tasks jointly (the paper's
     * "pretrained" comparison), from the same meta-batches.
     */
    public Iteration jointStep(double[] theta, int iteration) {
        return outerStep(theta, iteration, 0);
    }

    private Iteration outerStep(double[] theta, int iteration, int steps) {
        SplittableRandom draw = new SplittableRandom(mix(seed, iteration));
        List<?> drawn = draw(tasks, draw, config.metaBatch());
        double[] alphas = new double[steps];
        Arrays.fill(alphas, config.alpha());
        List<Adaptation> batch = adapt(drawn, theta, alphas, config.episodesPerTask(), mix(seed, iteration, 1), true);
        int m = batch.size();
        double[] g = sum(pool.map(batch, Adaptation::metaGradient), 1.0 / m);
        double[] x = ConjugateGradient.solve(v -> curvature(batch, v), g, config.cgIterations(), 1e-10);
        double[] xAx = curvature(batch, x);
        double step = Math.sqrt(2 * config.maxKl() / (ConjugateGradient.dot(x, xAx) + 1e-8));
        double before = mean(pool.map(batch, a -> a.outerLoss(a.thetas[steps])[0]));
        double[] candidate = new double[theta.length];
        double kl = 0;
        int backtrack = 0;
        boolean accepted = false;
        for (double ratio = 1; backtrack < config.backtracks() && !accepted; ratio *= config.backtrackRatio()) {
            backtrack++;
            for (int i = 0; i < theta.length; i++) {
                candidate[i] = theta[i] - ratio * step * x[i];
            }
            List<double[]> lossAndKl = pool.map(batch, a -> a.outerLoss(a.adaptFrom(candidate)));
            double loss = mean(lossAndKl.stream().map(l -> l[0]).toList());
            kl = mean(lossAndKl.stream().map(l -> l[1]).toList());
            accepted = loss < before && kl <= config.maxKl() && Double.isFinite(loss);
        }
        long envSteps = batch.stream().mapToLong(Adaptation::envSteps).sum();
        return new Iteration(accepted ? candidate : theta.clone(), mean(batch.stream().map(a -> a.returns[0]).toList()),
                mean(batch.stream().map(a -> a.returns[steps]).toList()), accepted ? kl : 0, backtrack, accepted, envSteps);
    }

    /** (1/m) sum over the meta-batch of J^T F J v, plus the damping. */
    private double[] curvature(List<Adaptation> batch, double[] v) {
        double[] product = sum(pool.map(batch, a -> a.curvature(v)), 1.0 / batch.size());
        for (int i = 0; i < v.length; i++) {
            product[i] += config.cgDamping() * v[i];
        }
        return product;
    }

    /**
     * The returns on each of {@code testTasks} fixed test tasks after 0, 1, ... {@code steps}
     * adaptation steps from {@code theta} ({@code [k][task]}), as the paper evaluates: each step
     * samples {@code eval-episodes} episodes with the current parameters and takes one inner step,
     * of size alpha first and alpha times {@code eval-later-step-scale} after.
     */
    public double[][] adaptationReturns(double[] theta, int testTasks, int steps) {
        List<?> test = tasks.testTasks(testTasks);
        double[] alphas = new double[steps];
        for (int k = 0; k < steps; k++) {
            alphas[k] = k == 0 ? config.alpha() : config.alpha() * config.evalLaterStepScale();
        }
        double[][] returns = new double[steps + 1][test.size()];
        for (int from = 0; from < test.size(); from += config.metaBatch()) {
            List<?> chunk = test.subList(from, Math.min(test.size(), from + config.metaBatch()));
            List<Adaptation> adapted = adapt(chunk, theta, alphas, config.evalEpisodes(), mix(seed, -1, from), false);
            for (int t = 0; t < adapted.size(); t++) {
                for (int k = 0; k <= steps; k++) {
                    returns[k][from + t] = adapted.get(t).returns[k];
                }
            }
        }
        return returns;
    }

    /**
     * Inner loops for every task side by side, step k of size {@code alphas[k]} on {@code episodes}
     * episodes per task: sampling for all tasks at once, then each task's step.
     */
    private List<Adaptation> adapt(List<?> taskBatch, double[] theta, double[] alphas, int episodes, long key, boolean forOuterStep) {
        int steps = alphas.length;
        List<Adaptation> batch = new ArrayList<>();
        for (int t = 0; t < taskBatch.size(); t++) {
            batch.add(new Adaptation(theta, alphas, mix(key, t)));
        }
        List<Integer> indices = IntStream.range(0, batch.size()).boxed().toList();
        for (int k = 0; k <= steps; k++) {
            int step = k;
            List<Rollouts> rollouts = sampler.sample(indices.stream().map(t -> new Rollouts.Request(taskBatch.get(t),
                    batch.get(t).thetas[step], episodes, mix(key, t, step))).toList());
            pool.map(indices, t -> {
                Adaptation a = batch.get(t);
                a.returns[step] = rollouts.get(t).meanReturn();
                a.envSteps += rollouts.get(t).steps();
                a.take(step, Samples.of(rollouts.get(t), config.gamma(), config.gaeLambda()), forOuterStep);
                return t;
            });
        }
        return batch;
    }

    /** One task's inner loop: theta_0 .. theta_K, the samples and forward pass of each inner step, and the post-update samples. */
    final class Adaptation {
        final double[][] thetas;
        final Samples[] samples;
        final GaussianMlp.Forward[] forwards;
        final double[] returns;
        /** The share of each step's samples (all of them when {@code cg-subsample} is 1) that the curvature products read. */
        private final Samples[] curvatureSamples;
        private final GaussianMlp.Forward[] curvatureForwards;
        private final int steps;
        private final double[] alphas;
        private final SplittableRandom subsampling;
        private long envSteps;
        private double[] oldLogProbabilities;

        Adaptation(double[] theta, double[] alphas, long seed) {
            this.alphas = alphas;
            this.steps = alphas.length;
            thetas = new double[steps + 1][];
            thetas[0] = theta;
            samples = new Samples[steps + 1];
            forwards = new GaussianMlp.Forward[steps + 1];
            curvatureSamples = new Samples[steps + 1];
            curvatureForwards = new GaussianMlp.Forward[steps + 1];
            returns = new double[steps + 1];
            subsampling = new SplittableRandom(seed);
        }

        /**
         * Step k's samples, from episodes of theta_k: an inner step for k < K, the outer loss's data
         * for k = K; {@code keep} keeps what the outer step needs.
         */
        void take(int k, Samples s, boolean keep) {
            GaussianMlp.Forward f = policy.forward(thetas[k], s.observations(), s.n());
            if (k < steps) {
                thetas[k + 1] = innerStep(k, thetas[k], f, s);
            } else if (keep) {
                oldLogProbabilities = PolicyLoss.logProbabilities(policy, thetas[k], f, s);
            }
            if (keep) {
                samples[k] = s;
                forwards[k] = f;
                curvatureSamples[k] = config.cgSubsample() < 1 ? s.subsample(config.cgSubsample(), subsampling) : s;
                curvatureForwards[k] = curvatureSamples[k] == s ? f
                        : policy.forward(thetas[k], curvatureSamples[k].observations(), curvatureSamples[k].n());
            }
        }

        /** theta_{k+1} = theta_k - alpha_k grad L_in(theta_k). */
        private double[] innerStep(int k, double[] theta, GaussianMlp.Forward f, Samples s) {
            double[] next = PolicyLoss.gradient(policy, theta, f, s);
            for (int i = 0; i < next.length; i++) {
                next[i] = theta[i] - alphas[k] * next[i];
            }
            return next;
        }

        long envSteps() {
            return envSteps;
        }

        /** theta_K from another theta_0, on the same inner samples (the line search's adaptation). */
        double[] adaptFrom(double[] theta0) {
            double[] theta = theta0;
            for (int k = 0; k < steps; k++) {
                theta = innerStep(k, theta, policy.forward(theta, samples[k].observations(), samples[k].n()), samples[k]);
            }
            return theta;
        }

        /** The surrogate loss and the mean KL from the old post-update policy, for the post-update parameters {@code thetaK}. */
        double[] outerLoss(double[] thetaK) {
            Samples post = samples[steps];
            GaussianMlp.Forward f = policy.forward(thetaK, post.observations(), post.n());
            return new double[] {PolicyLoss.surrogate(policy, thetaK, f, post, oldLogProbabilities),
                    PolicyLoss.meanKl(policy, thetas[steps], forwards[steps], thetaK, f)};
        }

        /** J^T grad L_out(theta_K): the outer gradient carried back through the inner steps (on all samples). */
        double[] metaGradient() {
            double[] u = PolicyLoss.gradient(policy, thetas[steps], forwards[steps], samples[steps]);
            for (int k = steps - 1; k >= 0 && !config.firstOrder(); k--) {
                u = minusAlphaHessian(k, samples[k], forwards[k], u);
            }
            return u;
        }

        /** J^T F J v, on the curvature samples. */
        double[] curvature(double[] v) {
            double[] w = v;
            for (int k = 0; k < steps && !config.firstOrder(); k++) {
                w = minusAlphaHessian(k, curvatureSamples[k], curvatureForwards[k], w);
            }
            w = PolicyLoss.fisherVector(policy, thetas[steps], curvatureForwards[steps], w);
            for (int k = steps - 1; k >= 0 && !config.firstOrder(); k--) {
                w = minusAlphaHessian(k, curvatureSamples[k], curvatureForwards[k], w);
            }
            return w;
        }

        /** (I - alpha_k H_k) v, H_k the inner loss's Hessian at theta_k on samples s (symmetric, so also J_k^T v). */
        private double[] minusAlphaHessian(int k, Samples s, GaussianMlp.Forward f, double[] v) {
            double[] theta = thetas[k];
            double[] hv = config.hvp() == MamlConfig.Hvp.EXACT
                    ? PolicyLoss.hessianVector(policy, theta, f, s, v)
                    : finiteDifferenceHvp(policy, theta, s, v);
            double[] out = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i] - alphas[k] * hv[i];
            }
            return out;
        }
    }

    /** (grad L(theta + eps v) - grad L(theta - eps v)) / (2 eps) of the policy-gradient loss, eps relative to theta and v. */
    static double[] finiteDifferenceHvp(GaussianMlp policy, double[] theta, Samples s, double[] v) {
        double norm = Math.sqrt(ConjugateGradient.dot(v, v));
        if (norm == 0) {
            return new double[v.length];
        }
        double eps = 1e-5 * (1 + Math.sqrt(ConjugateGradient.dot(theta, theta))) / norm;
        double[] plus = new double[theta.length];
        double[] minus = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            plus[i] = theta[i] + eps * v[i];
            minus[i] = theta[i] - eps * v[i];
        }
        double[] gPlus = PolicyLoss.gradient(policy, plus, policy.forward(plus, s.observations(), s.n()), s);
        double[] gMinus = PolicyLoss.gradient(policy, minus, policy.forward(minus, s.observations(), s.n()), s);
        for (int i = 0; i < gPlus.length; i++) {
            gPlus[i] = (gPlus[i] - gMinus[i]) / (2 * eps);
        }
        return gPlus;
    }

    private static <T> List<T> draw(TaskDistribution<T> family, SplittableRandom random, int n) {
        List<T> drawn = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            drawn.add(family.sample(random));
        }
        return drawn;
    }

    private static double[] sum(List<double[]> vectors, double scale) {
        double[] total = new double[vectors.get(0).length];
        for (double[] v : vectors) {
            for (int i = 0; i < total.length; i++) {
                total[i] += scale * v[i];
            }
        }
        return total;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sum() / values.size();
    }

    /** A seed from parts (SplitMix64's finalizer over each), so every task and step of every iteration has its own stream. */
    static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            h += p * 0xBF58476D1CE4E5B9L + 0x9E3779B97F4A7C15L;
            h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
            h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
            h ^= h >>> 31;
        }
        return h;
    }

    @Override
    public void close() {
        pool.close();
        sampler.close();
    }
}
