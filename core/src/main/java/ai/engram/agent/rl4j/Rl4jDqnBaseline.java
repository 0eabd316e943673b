package ai.engram.agent.rl4j;

import ai.engram.config.Settings;
import ai.engram.env.Env;
import ai.engram.env.rl4j.EnvAsMdp;
import ai.engram.env.rl4j.EnvObservation;
import ai.engram.record.CsvLog;
import ai.engram.record.LearningCurve;
import ai.engram.train.Evaluation;
import ai.engram.train.Progress;
import ai.engram.train.TrainingLoop;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.deeplearning4j.rl4j.learning.IEpochTrainer;
import org.deeplearning4j.rl4j.learning.ILearning;
import org.deeplearning4j.rl4j.learning.configuration.QLearningConfiguration;
import org.deeplearning4j.rl4j.learning.listener.TrainingListener;
import org.deeplearning4j.rl4j.learning.sync.qlearning.QLearning;
import org.deeplearning4j.rl4j.learning.sync.qlearning.discrete.QLearningDiscreteDense;
import org.deeplearning4j.rl4j.network.configuration.DQNDenseNetworkConfiguration;
import org.deeplearning4j.rl4j.policy.DQNPolicy;
import org.deeplearning4j.rl4j.util.IDataManager;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * RL4J's own DQN ({@code QLearningDiscreteDense}, RL4J 1.0.0-M1.1) as a baseline, trained through
 * the {@link EnvAsMdp} adapter and recorded in Engram's run format (metrics.csv, learner.csv,
 * learning-curve.png) so its curves compare with Engram's agents. RL4J runs its own loop; Engram
 * watches it through a {@link TrainingListener} and evaluates RL4J's greedy policy on a separate
 * environment with the same seeds and schedule as its own agents. RL4J cannot save its replay
 * memory or counters, so these runs have no checkpoints and cannot be resumed.
 */
public final class Rl4jDqnBaseline {

    public static final String NAME = "rl4j-dqn";

    private final QLearningConfiguration learning;
    private final DQNDenseNetworkConfiguration network;
    private final long totalSteps;
    private final long evalEvery;
    private final int evalEpisodes;
    private final long logEvery;
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    public Rl4jDqnBaseline(Settings s, long seed) {
        totalSteps = s.longInteger("total-steps", 1);
        evalEvery = s.longInteger("eval-every", 1);
        evalEpisodes = s.integer("eval-episodes", 1, 100_000);
        logEvery = s.longInteger("log-every", 1);
        learning = QLearningConfiguration.builder()
                .seed(seed)
                .maxStep((int) Math.min(Integer.MAX_VALUE, totalSteps))
                .maxEpochStep(s.integer("max-episode-steps", 1, Integer.MAX_VALUE))
                .expRepMaxSize(s.integer("buffer-size", 1, 100_000_000))
                .batchSize(s.integer("batch-size", 1, 1_000_000))
                .targetDqnUpdateFreq(s.integer("target-update-interval", 1, Integer.MAX_VALUE))
                .updateStart(s.integer("update-start", 0, Integer.MAX_VALUE))
                .rewardFactor(s.number("reward-factor", 0, Double.MAX_VALUE))
                .gamma(s.number("gamma", 0, 1))
                .errorClamp(s.number("error-clamp", 0, Double.MAX_VALUE))
                .minEpsilon(s.number("exploration-end", 0, 1))
                .epsilonNbStep(s.integer("exploration-steps", 1, Integer.MAX_VALUE))
                .doubleDQN(s.bool("double-q"))
                .build();
        network = DQNDenseNetworkConfiguration.builder()
                .updater(new Adam(s.number("learning-rate", 0, 1)))
                .numLayers(s.integer("hidden-layers", 1, 100))
                .numHiddenNodes(s.integer("hidden-nodes", 1, 100_000))
                .build();
    }

    public void requestStop() {
        stopRequested.set(true);
    }

    /** Trains, writing the run's records into {@code run.directory()}; returns whether it ran to the end. */
    public TrainingLoop.Outcome run(TrainingLoop.RunInfo run, Supplier<Env> envs, Env evalEnv, Progress progress) {
        EnvAsMdp mdp = new EnvAsMdp(envs, run.seed());
        QLearningDiscreteDense<EnvObservation> dqn = new QLearningDiscreteDense<>(mdp, network, learning);
        Path dir = run.directory();
        try (CsvLog metrics = new CsvLog(dir.resolve("metrics.csv"), TrainingLoop.METRICS_COLUMNS, 0);
             CsvLog learner = new CsvLog(dir.resolve("learner.csv"), TrainingLoop.LEARNER_COLUMNS, 0)) {
            Recorder recorder = new Recorder(run, dqn, evalEnv, metrics, learner, progress);
            dqn.addListener(recorder);
            progress.start(0, totalSteps);
            dqn.train();
            boolean completed = !stopRequested.get();
            progress.finish(recorder.step, recorder.episodes, completed);
            return new TrainingLoop.Outcome(recorder.step, recorder.episodes, completed, recorder.lastEval);
        } finally {
            mdp.close();
        }
    }

    /** Turns RL4J's per-episode reports into Engram's records, and evaluates on schedule. */
    private final class Recorder implements TrainingListener {
        private final TrainingLoop.RunInfo run;
        private final QLearningDiscreteDense<EnvObservation> dqn;
        private final Env evalEnv;
        private final CsvLog metrics;
        private final CsvLog learner;
        private final Progress progress;
        private final long start = System.nanoTime();
        private long nextEvalAt = evalEvery;
        private long nextLogAt = logEvery;
        private int evalRound;
        private long step;
        private long episodes;
        private double lastEval = Double.NaN;
        private double lossSum;
        private int lossCount;
        private long lastLogStep;
        private double lastLogWall;

        Recorder(TrainingLoop.RunInfo run, QLearningDiscreteDense<EnvObservation> dqn, Env evalEnv, CsvLog metrics,
                 CsvLog learner, Progress progress) {
            this.run = run;
            this.dqn = dqn;
            this.evalEnv = evalEnv;
            this.metrics = metrics;
            this.learner = learner;
            this.progress = progress;
        }

        @Override
        public ListenerResponse onEpochTrainingResult(IEpochTrainer trainer, IDataManager.StatEntry stat) {
            QLearning.QLStatEntry entry = (QLearning.QLStatEntry) stat;
            step = entry.getStepCounter();
            episodes++;
            double wall = (System.nanoTime() - start) / 1e9;
            metrics.row(run.name(), run.agent(), run.env(), run.seed(), step, wall, entry.getReward(),
                    entry.getEpisodeLength(), null);
            entry.getScores().forEach(loss -> {
                lossSum += loss;
                lossCount++;
            });
            if (step >= nextEvalAt || step >= totalSteps) {
                lastEval = evaluate(evalRound++);
                metrics.row(run.name(), run.agent(), run.env(), run.seed(), step, wall, null, null, lastEval);
                metrics.flush();
                LearningCurve.draw(run.directory(), run.agent() + " on " + run.env() + ", seed " + run.seed());
                while (nextEvalAt <= step) {
                    nextEvalAt += evalEvery;
                }
            }
            if (step >= nextLogAt || step >= totalSteps) {
                double dt = Math.max(1e-9, wall - lastLogWall);
                learner.row(step, wall, null, lossCount == 0 ? null : lossSum / lossCount, entry.getMeanQ(), null,
                        entry.getEpsilon(), null, (step - lastLogStep) / dt, null, null);
                learner.flush();
                progress.update(step, episodes, entry.getReward(), lastEval, (step - lastLogStep) / dt);
                lossSum = 0;
                lossCount = 0;
                lastLogStep = step;
                lastLogWall = wall;
                while (nextLogAt <= step) {
                    nextLogAt += logEvery;
                }
            }
            return stopRequested.get() ? ListenerResponse.STOP : ListenerResponse.CONTINUE;
        }

        /** RL4J's greedy policy on Engram's evaluation env, seeded as Engram's own agents are. */
        private double evaluate(int round) {
            DQNPolicy<EnvObservation> policy = dqn.getPolicy();
            return Evaluation.meanReturn(evalEnv, (obs, count, action) ->
                    action[0] = policy.nextAction(Nd4j.createFromArray(obs).reshape(1, obs.length)),
                    run.seed(), round, evalEpisodes);
        }

        @Override
        public ListenerResponse onTrainingStart() {
            return ListenerResponse.CONTINUE;
        }

        @Override
        public void onTrainingEnd() {
        }

        @Override
        public ListenerResponse onNewEpoch(IEpochTrainer trainer) {
            return stopRequested.get() ? ListenerResponse.STOP : ListenerResponse.CONTINUE;
        }

        @Override
        public ListenerResponse onTrainingProgress(ILearning learning) {
            return stopRequested.get() ? ListenerResponse.STOP : ListenerResponse.CONTINUE;
        }
    }
}
