package ai.engram.env.rl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.env.CartPoleWrapper;
import ai.engram.env.StepOutcome;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.rl4j.learning.IEpochTrainer;
import org.deeplearning4j.rl4j.learning.ILearning;
import org.deeplearning4j.rl4j.learning.configuration.QLearningConfiguration;
import org.deeplearning4j.rl4j.learning.listener.TrainingListener;
import org.deeplearning4j.rl4j.learning.sync.qlearning.QLearning;
import org.deeplearning4j.rl4j.learning.sync.qlearning.discrete.QLearningDiscreteDense;
import org.deeplearning4j.rl4j.network.configuration.DQNDenseNetworkConfiguration;
import org.deeplearning4j.rl4j.util.IDataManager;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

/** RL4J 1.0.0-M1.1's own DQN, on ND4J M2.1, trains on Engram's CartPole through {@link EnvAsMdp}. */
class Rl4jDqnSmokeTest {

    private static final int MAX_STEP = 1_000;

    @Test
    void rl4jsDqnTrainsOnEngramCartPole() {
        RecordingCartPole cartPole = new RecordingCartPole();
        EnvAsMdp mdp = new EnvAsMdp(() -> cartPole, 123);
        QLearningConfiguration learning = QLearningConfiguration.builder()
                .seed(123L)
                .maxEpochStep(500)
                .maxStep(MAX_STEP)
                .expRepMaxSize(10_000)
                .batchSize(32)
                .targetDqnUpdateFreq(100)
                .updateStart(0)
                .rewardFactor(1.0)
                .gamma(0.99)
                .errorClamp(1.0)
                .minEpsilon(0.1)
                .epsilonNbStep(1_000)
                .doubleDQN(true)
                .build();
        DQNDenseNetworkConfiguration network = DQNDenseNetworkConfiguration.builder()
                .updater(new Adam(1e-3))
                .numLayers(2)
                .numHiddenNodes(64)
                .build();
        QLearningDiscreteDense<EnvObservation> dqn = new QLearningDiscreteDense<>(mdp, network, learning);
        EpisodeLog log = new EpisodeLog();
        dqn.addListener(log);

        long start = System.nanoTime();
        dqn.train();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("RL4J DQN on Engram CartPole: %d steps, %d episodes in %.1f s, returns %s%n",
                dqn.getStepCount(), log.returns.size(), seconds, log.returns);

        assertTrue(dqn.getStepCount() >= MAX_STEP);
        assertEquals(dqn.getStepCount(), log.lengths.stream().mapToInt(Integer::intValue).sum());
        assertEquals(cartPole.returns, log.returns, "RL4J saw exactly the returns Engram's CartPole paid");
        assertTrue(log.returns.stream().allMatch(r -> r >= 1 && r <= 500), log.returns::toString);
        assertTrue(log.losses.stream().anyMatch(loss -> Double.isFinite(loss) && loss > 0),
                "the Q-network was fitted: " + log.losses);
    }

    /** What RL4J reports once per episode (RL4J calls an episode an epoch). */
    private static final class EpisodeLog implements TrainingListener {
        final List<Double> returns = new ArrayList<>();
        final List<Integer> lengths = new ArrayList<>();
        final List<Double> losses = new ArrayList<>();

        @Override
        public ListenerResponse onTrainingStart() {
            return ListenerResponse.CONTINUE;
        }

        @Override
        public void onTrainingEnd() {
        }

        @Override
        public ListenerResponse onNewEpoch(IEpochTrainer trainer) {
            return ListenerResponse.CONTINUE;
        }

        @Override
        public ListenerResponse onEpochTrainingResult(IEpochTrainer trainer, IDataManager.StatEntry statEntry) {
            QLearning.QLStatEntry entry = (QLearning.QLStatEntry) statEntry;
            returns.add(entry.getReward());
            lengths.add(entry.getEpisodeLength());
            losses.addAll(entry.getScores());
            return ListenerResponse.CONTINUE;
        }

        @Override
        public ListenerResponse onTrainingProgress(ILearning learning) {
            return ListenerResponse.CONTINUE;
        }
    }

    /** Engram's CartPole, keeping the return of every episode it finishes. */
    private static final class RecordingCartPole extends CartPoleWrapper {
        final List<Double> returns = new ArrayList<>();
        private double episodeReturn;

        @Override
        public void reset(long seed, float[] observation, int offset) {
            super.reset(seed, observation, offset);
            episodeReturn = 0;
        }

        @Override
        public void reset(float[] observation, int offset) {
            super.reset(observation, offset);
            episodeReturn = 0;
        }

        @Override
        public void step(double[] action, int actionOffset, float[] observation, int observationOffset,
                         StepOutcome outcome) {
            cartPole.step(action, actionOffset, observation, observationOffset, outcome);
            episodeReturn += outcome.reward;
            if (outcome.done()) {
                returns.add(episodeReturn);
            }
        }
    }
}
