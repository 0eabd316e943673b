package ai.engram.train;

import ai.engram.agent.Agent;
import ai.engram.env.Env;
import ai.engram.env.VectorEnv;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The single-process training loop, the reference for correctness: act on all copies of a vector
 * env at once, step them, hand each transition to the agent, let it learn on its schedule, evaluate
 * the greedy policy every so often on a separate environment, and write metrics and checkpoints
 * (the last three through the {@link RunRecorder} the actor runtime's central agent shares).
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
    private long stopAt = Long.MAX_VALUE;
    private LongConsumer afterLearn = envStep -> { };

    /** Who this run is, as metrics rows name it. */
    public record RunInfo(String name, String agent, String env, long seed, Path directory) {
    }

    /**
     * The loop's own counters, saved in checkpoints beside the agent's and the environments' state
     * ({@code envs} null when the environments could not be saved: a resumed run starts new episodes).
     */
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

    /** Called on the training thread after every {@code agent.learn(envStep)}: where auxiliary learners attach. */
    public void afterLearn(LongConsumer hook) {
        afterLearn = hook;
    }

    /** Checkpoint and return once {@code envStep} env steps are done, as if stopped there by a signal. */
    public void stopAt(long envStep) {
        stopAt = envStep;
    }

    /** What a finished or stopped run reached. */
    public record Outcome(long envSteps, long episodes, boolean completed, double lastEvalReturn) {
    }

    /**
     * Trains from scratch, or continues from {@code resume} (a checkpoint of this same run), until
     * {@code totalSteps} or a stop request.
     */
    public Outcome run(Optional<Checkpoint> resume) {
        int k = envs.numEnvs();
        double[] returns = new double[k];
        int[] lengths = new int[k];
        if (resume.isPresent()) {
            Checkpoint c = resume.get();
            agent.restoreState(c.agentState());
            State state = c.loop();
            if (state.envs() != null) {
                envs.restore(state.envs());
                returns = state.episodeReturns();
                lengths = state.episodeLengths();
            } else {
                envs.reset(run.seed() + state.envStep()); // environments we cannot snapshot start new episodes
                for (int env = 0; env < k; env++) {
                    agent.episodeCut(env);
                }
            }
        } else {
            envs.reset(run.seed());
        }
        try (RunRecorder recorder = new RunRecorder(run, config, agent, evalEnv, progress, resume.map(Checkpoint::loop))) {
            recorder.afterLearn(afterLearn);
            recorder.stopAt(stopAt);
            recorder.stopWhen(stopRequested::get);
            if (recorder.done()) {
                return recorder.finish(true);
            }
            VectorRollout rollout = new VectorRollout(envs, returns, lengths);
            // made once: the rollout calls them every step; they read the step they act at from a field
            VectorRollout.Acting acting = (obs, count, actions) -> agent.act(obs, count, stepActed, actions);
            VectorRollout.Observer observer = agent::observe;
            VectorRollout.EpisodeEnd episodeEnd = recorder::episodeEnded;
            Supplier<RunRecorder.EnvSide> envSide = () -> new RunRecorder.EnvSide(rollout.returns(), rollout.lengths(),
                    envs.save().orElse(null));
            while (true) {
                stepActed = recorder.beginStep(k);
                rollout.step(acting, observer, episodeEnd);
                RunRecorder.After after = recorder.endStep(envSide);
                if (after != RunRecorder.After.CONTINUE) {
                    return recorder.finish(after == RunRecorder.After.COMPLETED);
                }
            }
        }
    }

    /** The global env step before the current vector step: what the agent acts at. */
    private long stepActed;
}
