package ai.engram.auxiliary;

import ai.engram.agent.dqn.TdLoss;
import ai.engram.nn.Network;
import ai.engram.replay.ReplayTable;
import ai.engram.replay.Transitions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A supervised paper module attached to a training run. It never touches the learner's live
 * parameters or replay table: each round it gets its own network holding a parameter snapshot
 * and a sample of replay transitions, on its own thread, and writes {@code aux/<name>.csv} and
 * its pictures into the run directory. Rounds that would find the previous one still running are
 * skipped, so the learner never waits for it.
 */
public interface AuxiliaryLearner {

    /** The module's name, as {@code aux = [...]} and {@code --aux} spell it. */
    String name();

    /**
     * Whether the module changes training itself (a loss term, a step after each update, an
     * initializer, a layer type). Such a module acts through the network layer inside the learner,
     * in every run mode; one that only reads (DeepLIFT, TCAV) runs beside it.
     */
    boolean changesTraining();

    /** The columns of {@code aux/<name>.csv}. */
    List<String> columns();

    /**
     * One round: {@code network} holds the learner's parameters as of {@code envStep} (a private
     * copy), {@code sample} replay transitions. Returns the CSV rows of this round and may draw
     * pictures into {@code directory}.
     */
    List<List<Object>> round(Network network, ReplaySample sample, long envStep, Path directory);

    /**
     * Transitions sampled uniformly from the replay table, row i of each array belonging together, as
     * the learner stores them: observations and next observations (count x observationSize,
     * row-major), actions (count x actionSize), the n-step returns and the discounts that multiply
     * the next observation's value (gamma^n, or 0 at termination). {@code huberLoss} says which TD
     * loss the learner minimizes on them: Huber (delta 1) when true, the squared error otherwise.
     * Primitive arrays only, so the sample can travel in a message.
     */
    record ReplaySample(float[] observations, int count, int observationSize, double[] actions, int actionSize, float[] rewards,
                        float[] discounts, float[] nextObservations, boolean huberLoss) {

        /**
         * Copies {@code count} (at most the table's size) transitions drawn uniformly from
         * {@code table} by {@code random}, which is the caller's own: the run's draws stay as they were.
         */
        public static ReplaySample draw(ReplayTable table, int count, boolean huberLoss, SplittableRandom random) {
            int size = table.size();
            int n = Math.min(count, size);
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) {
                rows[i] = random.nextInt(size);
            }
            int d = table.observationSize();
            ReplaySample s = new ReplaySample(new float[n * d], n, d, new double[n * table.actionSize()], table.actionSize(),
                    new float[n], new float[n], new float[n * d], huberLoss);
            table.copyRows(rows, s.observations(), s.actions(), s.rewards(), s.discounts(), s.nextObservations());
            return s;
        }

        /** The observations as a count x observationSize matrix, in {@code snapshot}'s precision. */
        public INDArray observationMatrix(Network snapshot) {
            return Nd4j.createFromArray(observations).reshape(count, observationSize).castTo(snapshot.parameters().dataType());
        }

        /** The learner's own TD loss on the sample (every transition weighted 1), as {@link #tdLoss(Network, float[])}. */
        public TdLoss tdLoss(Network snapshot) {
            float[] ones = new float[count];
            Arrays.fill(ones, 1f);
            return tdLoss(snapshot, ones);
        }

        /**
         * DQN's TD loss on the sample as a function of Q(s, .) ({@link TdLoss}), with {@code snapshot} as its own frozen
         * target network (the learner's target network is not part of the snapshot) and per-transition weights
         * {@code weights}: 1 each is the learner's loss, 0 drops a transition while the others keep their 1/count.
         */
        public TdLoss tdLoss(Network snapshot, float[] weights) {
            if (weights.length != count) {
                throw new IllegalArgumentException(count + " transitions but " + weights.length + " weights");
            }
            Transitions t = new Transitions(count, observationSize, actionSize);
            System.arraycopy(observations, 0, t.observation, 0, observations.length);
            System.arraycopy(actions, 0, t.action, 0, actions.length);
            System.arraycopy(rewards, 0, t.reward, 0, count);
            System.arraycopy(discounts, 0, t.discount, 0, count);
            System.arraycopy(nextObservations, 0, t.nextObservation, 0, nextObservations.length);
            System.arraycopy(weights, 0, t.weight, 0, count);
            t.size = count;
            INDArray next = snapshot.forward(Nd4j.createFromArray(nextObservations).reshape(count, observationSize)
                    .castTo(snapshot.parameters().dataType()));
            return new TdLoss(t, next.reshape(next.length()).toFloatVector(), snapshot.outputSize(), huberLoss);
        }
    }
}
