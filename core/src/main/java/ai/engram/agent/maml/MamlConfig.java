package ai.engram.agent.maml;

import ai.engram.config.Settings;

/**
 * MAML's settings (agents/maml.conf holds each with its default and the paper's value).
 *
 * @param metaIterations   outer (TRPO) steps of meta-training
 * @param metaBatch        tasks per meta-iteration
 * @param episodesPerTask  episodes sampled per task for each inner step and for the outer loss
 * @param alpha            inner step size
 * @param innerSteps       inner VPG steps during meta-training (0 trains one policy on all tasks jointly)
 * @param firstOrder       FOMAML: drop the second-order term (J = I)
 * @param hvp              how the inner loss's Hessian-vector products are computed
 * @param normalizeActions the policy acts in [-1, 1], scaled to the action bounds (rllab's normalize, as the authors ran)
 * @param horizon          episode length cap of the task family
 * @param maxKl            TRPO's trust region on the mean KL of the post-update policies
 * @param cgSubsample      share of each batch's steps the curvature products read (rllab's subsample_factor)
 * @param cgDamping        added to the diagonal in conjugate gradient (rllab's reg_coeff)
 * @param threads          threads for the per-task gradient and curvature work (sums stay in task order)
 * @param maxWallMinutes   stop meta-training once this much wall time has passed (0: no limit): a budget as benchmarks state it
 * @param evalEpisodes     episodes per task for each adaptation step of maml-eval (the paper: 40)
 * @param evalLaterStepScale maml-eval's steps after the first are alpha times this (the authors' evaluation: 0.5)
 */
public record MamlConfig(int metaIterations, int metaBatch, int episodesPerTask, double alpha, int innerSteps,
                         boolean firstOrder, Hvp hvp, boolean normalizeActions, int[] hidden, double initStd, double gamma, double gaeLambda,
                         int horizon, double maxKl, int cgIterations, double cgSubsample, double cgDamping, int backtracks, double backtrackRatio,
                         int threads, double maxWallMinutes, int checkpointEvery, int testTasks, int evalSteps, int evalEpisodes, double evalLaterStepScale,
                         int pretrainIterations) {

    /** Exact: forward-over-reverse (R-operator). Finite differences: of two gradients, (g(theta + eps v) - g(theta - eps v)) / 2 eps. */
    public enum Hvp { EXACT, FINITE_DIFFERENCES }

    public static MamlConfig from(Settings s) {
        return new MamlConfig(
                s.integer("meta-iterations", 1, 1_000_000),
                s.integer("meta-batch", 1, 10_000),
                s.integer("episodes-per-task", 1, 10_000),
                s.number("inner-lr", 0, 1e3),
                s.integer("inner-steps", 0, 10),
                s.bool("first-order"),
                s.choice("hvp", "exact", "finite-differences").equals("exact") ? Hvp.EXACT : Hvp.FINITE_DIFFERENCES,
                s.bool("normalize-actions"),
                s.positiveIntegers("hidden"),
                s.number("init-std", 1e-6, 1e3),
                s.number("gamma", 0, 1),
                s.number("gae-lambda", 0, 1),
                s.integer("horizon", 1, 1_000_000),
                s.number("max-kl", 1e-9, 10),
                s.integer("cg-iterations", 1, 1000),
                s.number("cg-subsample", 1e-3, 1),
                s.number("cg-damping", 0, 1e3),
                s.integer("line-search-backtracks", 1, 100),
                s.number("line-search-ratio", 1e-3, 0.999),
                s.integer("threads", 1, 256),
                s.number("max-wall-minutes", 0, 1e7),
                s.integer("checkpoint-every", 1, 1_000_000),
                s.integer("test-tasks", 1, 10_000),
                s.integer("eval-steps", 0, 20),
                s.integer("eval-episodes", 1, 10_000),
                s.number("eval-later-step-scale", 0, 1e3),
                s.integer("pretrain-iterations", 0, 1_000_000));
    }
}
