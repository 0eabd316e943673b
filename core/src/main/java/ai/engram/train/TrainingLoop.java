package ai.engram.train;

import ai.engram.agent.Agent;
import ai.engram.agent.Policy;
import ai.engram.env.Env;
import ai.engram.env.VectorEnv;
import ai.engram.record.Checkpoints;
import ai.engram.record.CsvLog;
import ai.engram.record.LearningCurve;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The single-process training loop, the reference for correctness: act on all copies of a vector
 * env at once, step them, hand each transition to the agent, let it learn on its schedule, evaluate
 * the greedy policy every so often on a separate environment, and write metrics and checkpoints.
 *
 * <p>Determinism: given the seed and configuration, every draw comes from seeded generators whose
 * state is checkpointed, so a resumed run continues exactly as one that was never stopped.
 */
public final class TrainingLoop {

    /** The metrics.csv columns: one row per training episode or per evaluation. */
    public static final List<String> METRICS_COLUMNS = List.of("run", "agent", "env", "seed", "env_step", "wall_s",
            "episode_return", "episode_length", "eval_return");
    /** The learner.csv columns. */
    public static final List<String> LEARNER_COLUMNS = List.of("env_step", "wall_s", "updates", "loss", "mean_q",
            "grad_norm", "epsilon", "updates_per_s", "env_steps_per_s", "replay_size", "policy_lag");

    private final RunInfo run;
    private final RunConfig config;
    private final Agent agent;
    private final VectorEnv envs;
    private final Env evalEnv;
    private final Progress progress;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private State state;
    private CsvLog metrics;
    private CsvLog learner;

    /** Who this run is, as metrics rows name it. */
    public record RunInfo(String name, String agent, String env, long seed, Path directory) {
    }

    /** The loop's own counters, saved in checkpoints beside the agent's and the environments' state. */
    public record State(long envStep, long episodes, double[] episodeReturns, int[] episodeLengths, long nextEvalAt,
                        int evalRound, long nextLogAt, long nextCheckpointAt, double wallSeconds, long metricsBytes,
                        long learnerBytes, long lastLogUpdates, double lastLogWall, long lastLogStep,
                        VectorEnv.Snapshot envs) {
    }

    /** A checkpoint: the loop's state and the agent's. */
    public record Checkpoint(String agent, State loop, Object agentState) {
    }

    public TrainingLoop(RunInfo run, RunConfig config, Agent agent, VectorEnv envs, Env evalEnv, Progress progress) {
        this.run = run;
        this.config = config;
        this.agent = agent;
        this.envs = envs;
        this.evalEnv = evalEnv;
        this.progress = progress;
    }

    /** Asks the loop to checkpoint and return at the end of the current step (from a signal handler). */
    public void requestStop() {
        stopRequested.set(true);
    }

    private long stopAt = Long.MAX_VALUE;
    private java.util.function.LongConsumer afterLearn = envStep -> { };

    /** Called on the training thread after every {@code agent.learn(envStep)}: where auxiliary learners attach. */
    public void afterLearn(java.util.function.LongConsumer hook) {
        afterLearn = hook;
    }

    /** Checkpoint and return once {@code envStep} env steps are done, as if stopped there by a signal. */
    public void stopAt(long envStep) {
        stopAt = envStep;
    }

    /** What a finished or stopped run reached. */
    public record Outcome(long envSteps, long episodes, boolean completed, double lastEvalReturn) {
    }

    private double lastEvalReturn = Double.NaN;

    /**
     * Trains from scratch, or continues from {@code resume} (a checkpoint of this same run), until
     * {@code totalSteps} or a stop request.
     */
    public Outcome run(Optional<Checkpoint> resume) {
        Path dir = run.directory();
        int k = envs.numEnvs();
        if (resume.isPresent()) {
            Checkpoint c = resume.get();
            agent.restoreState(c.agentState());
            state = c.loop();
            if (state.envs() != null) {
                envs.restore(state.envs());
            } else {
                envs.reset(run.seed() + state.envStep()); // environments we cannot snapshot start new episodes
                agent.episodesCut();
                java.util.Arrays.fill(state.episodeReturns(), 0);
                java.util.Arrays.fill(state.episodeLengths(), 0);
            }
        } else {
            envs.reset(run.seed());
            state = new State(0, 0, new double[k], new int[k], config.evalEvery(), 0, config.logEvery(),
                    config.checkpointEvery(), 0, 0, 0, 0, 0, 0, null);
        }
        metrics = new CsvLog(dir.resolve("metrics.csv"), METRICS_COLUMNS, state.metricsBytes());
        learner = new CsvLog(dir.resolve("learner.csv"), LEARNER_COLUMNS, state.learnerBytes());
        try {
            return loop();
        } finally {
            metrics.close();
            learner.close();
        }
    }

    private Outcome loop() {
        int k = envs.numEnvs();
        VectorRollout rollout = new VectorRollout(envs, state.episodeReturns(), state.episodeLengths());
        long envStep = state.envStep();
        long nextEvalAt = state.nextEvalAt();
        int evalRound = state.evalRound();
        long nextLogAt = state.nextLogAt();
        long nextCheckpointAt = state.nextCheckpointAt();
        long lastLogUpdates = state.lastLogUpdates();
        double lastLogWall = state.lastLogWall();
        long lastLogStep = state.lastLogStep();
        long startNanos = System.nanoTime() - (long) (state.wallSeconds() * 1e9);
        episodes = state.episodes();
        recentReturn = Double.NaN;
        // made once: the rollout calls them every step; they read the step they belong to from fields
        VectorRollout.Acting acting = (obs, count, actions) -> agent.act(obs, count, stepActed, actions);
        VectorRollout.Observer observer = agent::observe;
        VectorRollout.EpisodeEnd episodeEnd = (env, episodeReturn, length) -> episodeEnded(episodeReturn, length);
        progress.start(envStep, config.totalSteps());
        while (envStep < config.totalSteps()) {
            stepActed = envStep;
            envStep += k;
            stepRecorded = envStep;
            double wall = (System.nanoTime() - startNanos) / 1e9;
            wallRecorded = wall;
            rollout.step(acting, observer, episodeEnd);
            agent.learn(envStep);
            afterLearn.accept(envStep);
            if (envStep >= nextEvalAt || envStep >= config.totalSteps()) {
                lastEvalReturn = evaluate(evalRound++);
                metrics.row(run.name(), run.agent(), run.env(), run.seed(), envStep, wall, null, null, lastEvalReturn);
                metrics.flush();
                drawLearningCurve();
                while (nextEvalAt <= envStep) {
                    nextEvalAt += config.evalEvery();
                }
            }
            if (envStep >= nextLogAt || envStep >= config.totalSteps()) {
                Map<String, Double> m = agent.drainMetrics();
                long updates = m.getOrDefault("updates", 0.0).longValue();
                double dt = Math.max(1e-9, wall - lastLogWall);
                learner.row(envStep, wall, updates, m.get("loss"), m.get("mean_q"), m.get("grad_norm"),
                        m.get("epsilon"), (updates - lastLogUpdates) / dt, (envStep - lastLogStep) / dt,
                        m.get("replay_size"), null);
                learner.flush();
                progress.update(envStep, episodes, recentReturn, lastEvalReturn, (envStep - lastLogStep) / dt);
                lastLogUpdates = updates;
                lastLogWall = wall;
                lastLogStep = envStep;
                while (nextLogAt <= envStep) {
                    nextLogAt += config.logEvery();
                }
            }
            boolean stop = stopRequested.get() || (envStep >= stopAt && envStep < config.totalSteps());
            if (envStep >= nextCheckpointAt || stop || envStep >= config.totalSteps()) {
                while (nextCheckpointAt <= envStep) {
                    nextCheckpointAt += config.checkpointEvery();
                }
                metrics.flush();
                learner.flush();
                state = new State(envStep, episodes, rollout.returns(), rollout.lengths(), nextEvalAt, evalRound, nextLogAt,
                        nextCheckpointAt, wall, metrics.bytes(), learner.bytes(), lastLogUpdates, lastLogWall,
                        lastLogStep, envs.save().orElse(null));
                Checkpoints.write(run.directory().resolve("checkpoint"), new Checkpoint(run.agent(), state, agent.saveState()));
            }
            if (stop) {
                progress.finish(envStep, episodes, false);
                return new Outcome(envStep, episodes, false, lastEvalReturn);
            }
        }
        progress.finish(envStep, episodes, true);
        return new Outcome(envStep, episodes, true, lastEvalReturn);
    }

    private long episodes;
    private double recentReturn;
    /** The global env step before the current vector step (what the agent acts at), and after it. */
    private long stepActed;
    private long stepRecorded;
    private double wallRecorded;

    private void episodeEnded(double episodeReturn, int length) {
        episodes++;
        metrics.row(run.name(), run.agent(), run.env(), run.seed(), stepRecorded, wallRecorded, episodeReturn, length, null);
        recentReturn = Double.isNaN(recentReturn) ? episodeReturn : 0.9 * recentReturn + 0.1 * episodeReturn;
    }

    /** Redrawn at every evaluation, so it is current while the run goes and whichever way it ends. */
    private void drawLearningCurve() {
        try {
            LearningCurve.draw(run.directory(), run.agent() + " on " + run.env() + ", seed " + run.seed());
        } catch (RuntimeException e) {
            LOG.warn("could not draw the learning curve of {}: {}", run.directory(), e.toString());
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrainingLoop.class);

    /** Mean return of the greedy policy over evalEpisodes episodes, seeded by the evaluation round. */
    private double evaluate(int round) {
        Policy policy = agent.greedyPolicy();
        return Evaluation.meanReturn(evalEnv, policy::act, run.seed(), round, config.evalEpisodes());
    }
}
