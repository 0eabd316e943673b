package ai.engram.train;

import ai.engram.agent.Agent;
import ai.engram.agent.Policy;
import ai.engram.env.Env;
import ai.engram.env.VectorEnv;
import ai.engram.record.Checkpoints;
import ai.engram.record.CsvLog;
import ai.engram.record.LearningCurve;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The schedule around an {@link Agent} that acts, observes and learns in one place, whoever steps
 * its environments: count env steps, let the agent learn, evaluate its greedy policy, log, write
 * checkpoints, and say when the run stops. The single-process loop calls it once per vector step;
 * the actor runtime's central agent once per worker message. A step is {@link #beginStep}, the
 * agent observing (and {@link #episodeEnded} for each episode that ended), then {@link #endStep}.
 */
public final class RunRecorder implements AutoCloseable {

    /** What follows a step: go on, or the run ended stopped (checkpointed) or completed. */
    public enum After { CONTINUE, STOPPED, COMPLETED }

    /** The environments' side of a checkpoint: unfinished episodes' returns and lengths, and the envs if they can be saved. */
    public record EnvSide(double[] episodeReturns, int[] episodeLengths, VectorEnv.Snapshot envs) {
    }

    private final TrainingLoop.RunInfo run;
    private final RunConfig config;
    private final Agent agent;
    private final Env evalEnv;
    private final Progress progress;
    private final CsvLog metrics;
    private final CsvLog learner;
    private final long startNanos;
    private LongConsumer afterLearn = envStep -> { };
    private BooleanSupplier stopRequested = () -> false;
    private long stopAt = Long.MAX_VALUE;
    private long envStep;
    private long episodes;
    private long nextEvalAt;
    private int evalRound;
    private long nextLogAt;
    private long nextCheckpointAt;
    private long lastLogUpdates;
    private double lastLogWall;
    private long lastLogStep;
    private double recentReturn = Double.NaN;
    private double lastEvalReturn = Double.NaN;
    private double stepWall;

    /** Starts recording a fresh run, or continues the one whose loop state {@code from} a checkpoint holds. */
    public RunRecorder(TrainingLoop.RunInfo run, RunConfig config, Agent agent, Env evalEnv, Progress progress,
                       Optional<TrainingLoop.State> from) {
        this.run = run;
        this.config = config;
        this.agent = agent;
        this.evalEnv = evalEnv;
        this.progress = progress;
        TrainingLoop.State s = from.orElse(new TrainingLoop.State(0, 0, null, null, config.evalEvery(), 0,
                config.logEvery(), config.checkpointEvery(), 0, 0, 0, 0, 0, 0, null));
        envStep = s.envStep();
        episodes = s.episodes();
        nextEvalAt = s.nextEvalAt();
        evalRound = s.evalRound();
        nextLogAt = s.nextLogAt();
        nextCheckpointAt = s.nextCheckpointAt();
        lastLogUpdates = s.lastLogUpdates();
        lastLogWall = s.lastLogWall();
        lastLogStep = s.lastLogStep();
        startNanos = System.nanoTime() - (long) (s.wallSeconds() * 1e9);
        metrics = new CsvLog(run.directory().resolve("metrics.csv"), TrainingLoop.METRICS_COLUMNS, s.metricsBytes());
        learner = new CsvLog(run.directory().resolve("learner.csv"), TrainingLoop.LEARNER_COLUMNS, s.learnerBytes());
        progress.start(envStep, config.totalSteps());
    }

    /** Called after every {@code agent.learn(envStep)}: where auxiliary learners attach. */
    public void afterLearn(LongConsumer hook) {
        afterLearn = hook;
    }

    /** Checked at the end of every step: once true, the step checkpoints and the run stops. */
    public void stopWhen(BooleanSupplier requested) {
        stopRequested = requested;
    }

    /** Checkpoint and stop once {@code step} env steps are done, as if stopped there by a signal. */
    public void stopAt(long step) {
        stopAt = step;
    }

    public long envStep() {
        return envStep;
    }

    /** Whether the run has done all its env steps. */
    public boolean done() {
        return envStep >= config.totalSteps();
    }

    /** Starts a step of {@code envCopies} env steps; returns the env step its actions were chosen at. */
    public long beginStep(int envCopies) {
        long acted = envStep;
        envStep += envCopies;
        stepWall = wall();
        return acted;
    }

    /** An episode of copy {@code env} ended in this step (the signature of {@link VectorRollout.EpisodeEnd}). */
    public void episodeEnded(int env, double episodeReturn, int length) {
        episodes++;
        metrics.row(run.name(), run.agent(), run.env(), run.seed(), envStep, stepWall, episodeReturn, length, null);
        recentReturn = Double.isNaN(recentReturn) ? episodeReturn : 0.9 * recentReturn + 0.1 * episodeReturn;
    }

    /**
     * Ends the step: the agent learns, then whatever is due is done (evaluation, a learner.csv row,
     * a checkpoint with the environments' side from {@code envSide}). A stop request or the
     * {@link #stopAt} step checkpoints and stops; the last step checkpoints and completes.
     */
    public After endStep(Supplier<EnvSide> envSide) {
        agent.learn(envStep);
        afterLearn.accept(envStep);
        boolean last = done();
        if (envStep >= nextEvalAt || last) {
            lastEvalReturn = evaluate(evalRound++);
            metrics.row(run.name(), run.agent(), run.env(), run.seed(), envStep, stepWall, null, null, lastEvalReturn);
            metrics.flush();
            drawLearningCurve();
            while (nextEvalAt <= envStep) {
                nextEvalAt += config.evalEvery();
            }
        }
        if (envStep >= nextLogAt || last) {
            Map<String, Double> m = agent.drainMetrics();
            long updates = m.getOrDefault("updates", 0.0).longValue();
            double dt = Math.max(1e-9, stepWall - lastLogWall);
            learner.row(envStep, stepWall, updates, m.get("loss"), m.get("mean_q"), m.get("grad_norm"),
                    m.get("epsilon"), (updates - lastLogUpdates) / dt, (envStep - lastLogStep) / dt,
                    m.get("replay_size"), null);
            learner.flush();
            progress.update(envStep, episodes, recentReturn, lastEvalReturn, (envStep - lastLogStep) / dt);
            lastLogUpdates = updates;
            lastLogWall = stepWall;
            lastLogStep = envStep;
            while (nextLogAt <= envStep) {
                nextLogAt += config.logEvery();
            }
        }
        boolean stop = stopRequested.getAsBoolean() || (envStep >= stopAt && !last);
        if (envStep >= nextCheckpointAt || stop || last) {
            while (nextCheckpointAt <= envStep) {
                nextCheckpointAt += config.checkpointEvery();
            }
            checkpoint(envSide.get());
        }
        return stop ? After.STOPPED : last ? After.COMPLETED : After.CONTINUE;
    }

    private void checkpoint(EnvSide envs) {
        metrics.flush();
        learner.flush();
        TrainingLoop.State state = new TrainingLoop.State(envStep, episodes, envs.episodeReturns(), envs.episodeLengths(),
                nextEvalAt, evalRound, nextLogAt, nextCheckpointAt, stepWall, metrics.bytes(), learner.bytes(),
                lastLogUpdates, lastLogWall, lastLogStep, envs.envs());
        Checkpoints.write(run.directory().resolve("checkpoint"), new TrainingLoop.Checkpoint(run.agent(), state,
                agent.saveState()));
    }

    /** The run's outcome as it ended ({@code completed} or stopped). */
    public TrainingLoop.Outcome finish(boolean completed) {
        progress.finish(envStep, episodes, completed);
        return new TrainingLoop.Outcome(envStep, episodes, completed, lastEvalReturn);
    }

    private double wall() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Redrawn at every evaluation, so it is current while the run goes and whichever way it ends. */
    private void drawLearningCurve() {
        try {
            LearningCurve.draw(run.directory(), run.agent() + " on " + run.env() + ", seed " + run.seed());
        } catch (RuntimeException e) {
            LOG.warn("could not draw the learning curve of {}: {}", run.directory(), e.toString());
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunRecorder.class);

    /** Mean return of the greedy policy over evalEpisodes episodes, seeded by the evaluation round. */
    private double evaluate(int round) {
        Policy policy = agent.greedyPolicy();
        return Evaluation.meanReturn(evalEnv, policy::act, run.seed(), round, config.evalEpisodes());
    }

    @Override
    public void close() {
        metrics.close();
        learner.close();
    }
}
