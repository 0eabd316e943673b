package ai.engram.agent.dqn;

import ai.engram.agent.Agent;
import ai.engram.agent.Policy;
import ai.engram.agent.UpdateMetrics;
import ai.engram.env.Discrete;
import ai.engram.env.Space;
import ai.engram.replay.NStepAdder;
import ai.engram.replay.PrioritizedSampler;
import ai.engram.replay.ReplayTable;
import ai.engram.replay.Sampler;
import ai.engram.replay.Transitions;
import ai.engram.replay.UniformSampler;
import java.util.Map;

/**
 * Wires DQN's pieces (Acme's builder): the replay table with its sampler, the n-step adder, the
 * learner and the epsilon-greedy actor, and runs the training schedule: after
 * {@code learningStarts} env steps, {@code gradientSteps} updates every {@code trainFrequency} env
 * steps, and a target update every {@code targetUpdateInterval} env steps.
 */
public final class DqnAgent implements Agent {

    private final DqnConfig config;
    private final long totalSteps;
    private final ReplayTable table;
    private final NStepAdder adder;
    private final DqnLearner learner;
    private final DqnActor actor;
    private final DqnActor greedy;
    private final Transitions batch;
    private long nextTrainAt;
    private long nextTargetAt;
    private double epsilon;
    private final UpdateMetrics metrics = new UpdateMetrics();

    public DqnAgent(DqnConfig config, Space observationSpace, Space actionSpace, int numEnvs, long totalSteps, long seed) {
        if (!(actionSpace instanceof Discrete discrete)) {
            throw new IllegalArgumentException("DQN needs a discrete action space, this environment's is " + actionSpace);
        }
        this.config = config;
        this.totalSteps = totalSteps;
        int observationSize = observationSpace.flatSize();
        int actions = discrete.n();
        Sampler sampler = config.prioritized()
                ? new PrioritizedSampler(config.bufferSize(), config.priorityAlpha(), config.priorityBeta(), config.priorityEpsilon(), seed + 1)
                : new UniformSampler(seed + 1);
        table = new ReplayTable(config.bufferSize(), observationSize, 1, sampler);
        adder = new NStepAdder(table, numEnvs, observationSize, 1, config.nStep(), config.gamma());
        learner = new DqnLearner(config, observationSize, actions, seed);
        learner.updateTarget();
        actor = new DqnActor(learner.online().plainForward(), observationSize, actions, learner.snapshot(), seed + 2);
        greedy = new DqnActor(learner.online().plainForward(), observationSize, actions, learner.snapshot(), seed + 3);
        batch = new Transitions(config.batchSize(), observationSize, 1);
        // the first multiple of trainFrequency past learningStarts, as SB3 trains after each rollout
        nextTrainAt = (config.learningStarts() / config.trainFrequency() + 1) * config.trainFrequency();
        nextTargetAt = config.targetUpdateInterval();
    }

    @Override
    public void act(float[] observations, int count, long envStep, double[] actions) {
        epsilon = config.epsilon(envStep, totalSteps);
        actor.setEpsilon(epsilon);
        actor.act(observations, count, actions);
    }

    @Override
    public Policy greedyPolicy() {
        greedy.setSnapshot(learner.snapshot());
        return greedy;
    }

    @Override
    public void observe(int env, float[] observation, int observationOffset, double[] action, int actionOffset,
                        double reward, float[] nextObservation, int nextObservationOffset, boolean terminated,
                        boolean truncated) {
        adder.add(env, observation, observationOffset, action, actionOffset, reward, nextObservation,
                nextObservationOffset, terminated, truncated);
    }

    @Override
    public void episodeCut(int env) {
        adder.drop(env);
    }

    @Override
    public void learn(long envStep) {
        boolean trained = false;
        while (envStep >= nextTrainAt) {
            for (int g = 0; g < config.gradientSteps(); g++) {
                trainOnce(envStep);
            }
            nextTrainAt += config.trainFrequency();
            trained = true;
        }
        while (envStep >= nextTargetAt) {
            learner.updateTarget();
            nextTargetAt += config.targetUpdateInterval();
        }
        if (trained) {
            actor.setSnapshot(learner.snapshot());
        }
    }

    private void trainOnce(long envStep) {
        if (table.sampler() instanceof PrioritizedSampler prioritized) {
            prioritized.setBeta(config.priorityBetaAt(envStep, totalSteps));
        }
        table.sample(config.batchSize(), batch);
        DqnLearner.Update update = learner.update(batch);
        if (table.sampler() instanceof PrioritizedSampler prioritized) {
            prioritized.update(batch.index, learner.tdErrors(), batch.size);
        }
        metrics.add(update.loss(), update.meanQ(), update.gradNorm());
    }

    @Override
    public Map<String, Double> drainMetrics() {
        return metrics.drain(learner.updates(), epsilon, table.size());
    }

    public DqnLearner learner() {
        return learner;
    }

    @Override
    public java.util.Optional<ai.engram.agent.LearnerView> learnerView() {
        int observationSize = table.observationSize();
        int actions = learner.online().outputSize();
        return java.util.Optional.of(new ai.engram.agent.LearnerView(
                () -> DqnNetworks.qNetwork(config, observationSize, actions, 0), learner.online()::snapshot, table,
                config.loss().equals("huber")));
    }

    @Override
    public Object saveState() {
        return new State(learner.state(), table.snapshot(), adder.snapshot(), actor.randomState(), nextTrainAt, nextTargetAt);
    }

    @Override
    public void restoreState(Object state) {
        if (!(state instanceof State s)) {
            throw new IllegalArgumentException("not a DQN checkpoint: " + (state == null ? "null" : state.getClass().getName()));
        }
        learner.restore(s.learner());
        table.restore(s.replay());
        adder.restore(s.adder());
        actor.restoreRandom(s.actorRandom());
        actor.setSnapshot(learner.snapshot());
        nextTrainAt = s.nextTrainAt();
        nextTargetAt = s.nextTargetAt();
    }

    /** Everything a DQN checkpoint holds besides the environments. */
    public record State(DqnLearner.State learner, ReplayTable.Snapshot replay, NStepAdder.Snapshot adder,
                        long[] actorRandom, long nextTrainAt, long nextTargetAt) {
    }
}
