package ai.engram.agent.nec;

import ai.engram.agent.PolicySnapshot;
import ai.engram.nn.Activation;
import ai.engram.nn.Initializer;
import ai.engram.nn.Network;
import ai.engram.nn.RmsProp;
import ai.engram.replay.Transitions;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Owns NEC's parameters: the embedding network with its RMSProp optimizer, and one DND per action.
 * It is their only writer: the DND writes of new (h, Q^N) and the gradient steps on the embedding
 * and the looked-up keys and values. The embedding's batched work runs on ND4J, the lookups and the
 * kernel arithmetic ({@link NecLoss}) on plain arrays.
 */
public final class NecLearner {

    private final NecConfig config;
    private final Network embedding;
    private final RmsProp rmsProp;
    private final Dnd[] dnds;
    private final int keySize;
    private final Dnd.Neighbours[] neighbours;
    private final int[] rows;
    private final int[] actions;
    private final float[] dLdh;
    private final double[] keyGradients;
    private final double[] valueGradients;
    private long updates;

    public NecLearner(NecConfig config, int observationSize, int numActions, long seed) {
        this.config = config;
        keySize = config.keySize();
        embedding = Network.mlp(observationSize, config.hidden(), keySize,
                Activation.Kind.valueOf(config.activation().toUpperCase(Locale.ROOT)), false,
                new Initializer.TorchDefault(), seed);
        rmsProp = new RmsProp(embedding.parameterCount(), config.learningRate(), config.rmspropDecay(),
                config.rmspropEpsilon(), config.maxGradNorm());
        dnds = new Dnd[numActions];
        for (int a = 0; a < numActions; a++) {
            dnds[a] = new Dnd(config.dndCapacity(), keySize, config.exactLimit(), config.probes());
        }
        int b = config.batchSize();
        int p = config.neighbours();
        neighbours = new Dnd.Neighbours[b];
        Arrays.setAll(neighbours, i -> new Dnd.Neighbours(p));
        rows = new int[b];
        actions = new int[b];
        dLdh = new float[b * keySize];
        keyGradients = new double[b * p * keySize];
        valueGradients = new double[b * p];
    }

    /** What one update reports. */
    public record Update(double loss, double meanQ, double gradNorm) {
    }

    /**
     * One gradient step on a replay batch whose rows are (s, a, Q^N): the N-step target in
     * {@code reward} (a transition that ends there, discount 0).
     */
    public Update update(Transitions batch) {
        int b = batch.size;
        // the replay batch buffer holds exactly batch-size rows, so its arrays are the whole batch
        INDArray observations = Nd4j.createFromArray(batch.observation).reshape(b, batch.observationSize);
        float[] h = embedding.forward(observations).reshape((long) b * keySize).toFloatVector();
        for (int i = 0; i < b; i++) {
            actions[i] = (int) batch.action[i];
        }
        // one batched lookup per DND, over the rows that took its action
        for (int a = 0; a < dnds.length; a++) {
            int count = 0;
            for (int i = 0; i < b; i++) {
                if (actions[i] == a) {
                    rows[count++] = i;
                }
            }
            dnds[a].nearest(h, rows, count, neighbours);
        }
        NecLoss.Stats stats = NecLoss.compute(h, actions, batch.reward, b, dnds, neighbours, config.neighbours(),
                config.kernelDelta(), dLdh, keyGradients, valueGradients);
        embedding.backward(Nd4j.createFromArray(dLdh).reshape(b, keySize), false);
        double gradNorm = rmsProp.step(embedding);
        // the DND's own gradient step on the looked-up entries, from gradients taken before any of them moved
        int p = config.neighbours();
        for (int i = 0; i < b; i++) {
            Dnd.Neighbours nb = neighbours[i];
            for (int j = 0; j < nb.count(); j++) {
                dnds[actions[i]].descend(nb.slot(j), keyGradients, (i * p + j) * keySize, valueGradients[i * p + j],
                        config.dndLearningRate());
            }
        }
        updates++;
        return new Update(stats.loss(), stats.meanQ(), gradNorm);
    }

    public Dnd dnd(int action) {
        return dnds[action];
    }

    public int actions() {
        return dnds.length;
    }

    public Network embedding() {
        return embedding;
    }

    public long updates() {
        return updates;
    }

    /** The embedding's parameters, versioned by the number of updates that made them. */
    public PolicySnapshot snapshot() {
        return new PolicySnapshot(updates, embedding.snapshot());
    }

    public State state() {
        Dnd.State[] dndStates = new Dnd.State[dnds.length];
        Arrays.setAll(dndStates, a -> dnds[a].state());
        return new State(embedding.snapshot(), rmsProp.state(), dndStates, updates);
    }

    public void restore(State state) {
        if (state.dnds().length != dnds.length) {
            throw new IllegalArgumentException("checkpoint has " + state.dnds().length + " DNDs, this agent "
                    + dnds.length + " actions");
        }
        embedding.setParameters(state.embedding());
        rmsProp.restore(state.optimizer());
        for (int a = 0; a < dnds.length; a++) {
            dnds[a].restore(state.dnds()[a]);
        }
        updates = state.updates();
    }

    public record State(float[] embedding, float[] optimizer, Dnd.State[] dnds, long updates) {
    }
}
