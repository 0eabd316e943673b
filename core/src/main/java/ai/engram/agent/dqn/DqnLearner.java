package ai.engram.agent.dqn;

import ai.engram.agent.PolicySnapshot;
import ai.engram.nn.Adam;
import ai.engram.nn.Network;
import ai.engram.nn.ParsevalStep;
import ai.engram.nn.VariationalDense;
import ai.engram.replay.Transitions;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Owns DQN's parameters (online and target Q-networks) and its optimizer, and is their only
 * writer. The batched network work runs on ND4J; the per-row arithmetic of the update rule
 * ({@link DqnLoss}) runs on plain arrays, where a batch of 128 x 2 numbers costs less than one
 * ND4J call.
 */
public final class DqnLearner {

    private final DqnConfig config;
    private final Network online;
    private final Network target;
    private final Adam adam;
    private final int actions;
    private final float[] gradient;
    private final float[] tdErrors;
    /** Parseval's retraction after each update, or null when parseval-beta is 0. */
    private final ParsevalStep parseval;
    private long updates;

    public DqnLearner(DqnConfig config, int observationSize, int actions, long seed) {
        this.config = config;
        this.actions = actions;
        online = DqnNetworks.qNetwork(config, observationSize, actions, seed);
        target = DqnNetworks.qNetwork(config, observationSize, actions, seed);
        adam = new Adam(online.parameterCount(), config.learningRate(), 0.9, 0.999, config.adamEpsilon(), config.maxGradNorm());
        // the target only evaluates: sparse VD layers use their pruned means there, and draw noise in the online net
        VariationalDense.stochastic(target, false);
        parseval = config.parsevalBeta() > 0 ? ParsevalStep.of(online, config.parsevalBeta(), 1, seed) : null;
        gradient = new float[config.batchSize() * actions];
        tdErrors = new float[config.batchSize()];
    }

    /** What one update reports. */
    public record Update(double loss, double meanQ, double gradNorm) {
    }

    /** One gradient step on {@code batch}; afterwards {@link #tdErrors()} holds each row's TD error. */
    public Update update(Transitions batch) {
        // every temporary of an update lives in one reused workspace: ND4J allocates nothing per op
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, "dqn-update")) {
            return updateInWorkspace(batch);
        }
    }

    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0).policyAllocation(AllocationPolicy.OVERALLOCATE).overallocationLimit(0.2)
            .policyLearning(LearningPolicy.FIRST_LOOP).policySpill(SpillPolicy.REALLOCATE).build();

    private Update updateInWorkspace(Transitions batch) {
        int b = batch.size;
        int obsSize = batch.observationSize;
        INDArray observations = Nd4j.createFromArray(batch.observation).reshape(b, obsSize);
        INDArray nextObservations = Nd4j.createFromArray(batch.nextObservation).reshape(b, obsSize);
        float[] qNextTarget = flat(target.forward(nextObservations));
        float[] qNextOnline = config.doubleQ() ? flat(online.forward(nextObservations)) : null;
        INDArray q = online.forward(observations); // last forward pass of the online net: backward differentiates it
        DqnLoss.Stats stats = DqnLoss.compute(flat(q), qNextTarget, qNextOnline, batch, actions,
                config.loss().equals("huber"), gradient, tdErrors);
        if (!Double.isFinite(stats.loss())) {
            // before the optimizer step, so the parameters stay as the last good update left them
            throw new IllegalStateException("DQN's loss is " + stats.loss() + " at update " + (updates + 1) + ": "
                    + (batch.isFinite() ? "the Q-network diverged; lower learning-rate or set max-grad-norm"
                    : "the sampled batch holds non-finite observations or rewards; check the environment"));
        }
        online.backward(Nd4j.createFromArray(gradient).reshape(b, actions), false);
        if (config.sparseVd()) {
            VariationalDense.addKlGradient(online, config.sparseVdKlWeight());
        }
        double gradNorm = adam.step(online);
        if (parseval != null) {
            parseval.apply();
        }
        updates++;
        return new Update(stats.loss(), stats.meanQ(), gradNorm);
    }

    private static float[] flat(INDArray matrix) {
        return matrix.reshape(matrix.length()).toFloatVector();
    }

    /** The TD errors of the last update's batch. */
    public float[] tdErrors() {
        return tdErrors;
    }

    /** Hard copy when tau is 1, Polyak averaging otherwise. */
    public void updateTarget() {
        if (config.tau() >= 1.0) {
            target.copyParametersFrom(online);
        } else {
            target.softUpdateFrom(online, config.tau());
        }
    }

    public long updates() {
        return updates;
    }

    public Network online() {
        return online;
    }

    /** The online network's parameters, versioned by the number of updates that made them. */
    public PolicySnapshot snapshot() {
        return new PolicySnapshot(updates, online.snapshot());
    }

    public State state() {
        return new State(online.snapshot(), target.snapshot(), adam.state(), updates);
    }

    public void restore(State state) {
        online.setParameters(state.online());
        target.setParameters(state.target());
        adam.restore(state.optimizer());
        updates = state.updates();
    }

    public record State(float[] online, float[] target, Adam.State optimizer, long updates) {
    }
}
