package ai.engram.agent.nec;

import ai.engram.agent.Agent;
import ai.engram.agent.Policy;
import ai.engram.agent.PolicySnapshot;
import ai.engram.agent.UpdateMetrics;
import ai.engram.env.Discrete;
import ai.engram.env.Space;
import ai.engram.replay.ReplayTable;
import ai.engram.replay.Transitions;
import ai.engram.replay.UniformSampler;
import java.util.Map;

/**
 * Wires NEC's pieces (Pritzel et al. 2017): the epsilon-greedy actor on Q from the DNDs, the
 * N-step targets, whose every finished (s, a, Q^N) is written to DND_a (key h(s)) and to replay,
 * and the learner, which after {@code learningStarts} env steps makes one update on a replay batch
 * every {@code trainFrequency} env steps.
 */
public final class NecAgent implements Agent {

    private final NecConfig config;
    private final long totalSteps;
    private final NecLearner learner;
    private final NecActor actor;
    private final NecActor greedy;
    private final NStepTargets targets;
    private final ReplayTable table;
    private final Transitions batch;
    private final double[] action = new double[1];
    private final NStepTargets.Sink write = this::write;
    private long nextTrainAt;
    private double epsilon;
    private final UpdateMetrics metrics = new UpdateMetrics();

    public NecAgent(NecConfig config, Space observationSpace, Space actionSpace, int numEnvs, long totalSteps, long seed) {
        if (!(actionSpace instanceof Discrete discrete)) {
            throw new IllegalArgumentException("NEC needs a discrete action space, this environment's is " + actionSpace);
        }
        this.config = config;
        this.totalSteps = totalSteps;
        int observationSize = observationSpace.flatSize();
        learner = new NecLearner(config, observationSize, discrete.n(), seed);
        actor = new NecActor(learner, observationSize, config, true, seed + 2);
        greedy = new NecActor(learner, observationSize, config, false, seed + 3);
        targets = new NStepTargets(numEnvs, observationSize, config.nStep(), config.gamma());
        table = new ReplayTable(config.bufferSize(), observationSize, 1, new UniformSampler(seed + 1));
        batch = new Transitions(config.batchSize(), observationSize, 1);
        nextTrainAt = (config.learningStarts() / config.trainFrequency() + 1) * config.trainFrequency();
    }

    @Override
    public void act(float[] observations, int count, long envStep, double[] actions) {
        epsilon = config.exploration().at(envStep, totalSteps);
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
        targets.add(env, observation, observationOffset, (int) action[actionOffset], reward);
        if (terminated) {
            targets.flush(env, 0, write);
        } else if (truncated) {
            targets.flush(env, maxQ(nextObservation, nextObservationOffset), write);
        } else if (targets.full(env)) {
            targets.emitOldest(env, maxQ(nextObservation, nextObservationOffset), write);
        }
    }

    /** The bootstrap max_a Q(s, a), looked up without marking the neighbours as used. */
    private double maxQ(float[] observation, int offset) {
        double[] q = greedy.qValues(observation, offset);
        return q[NecActor.argmax(q)];
    }

    /** A finished (s, a, Q^N): to DND_a under the key h(s), and to replay (as a transition that ends there). */
    private void write(float[] observation, int offset, int a, double target) {
        float[] h = greedy.embed(observation, offset);
        learner.dnd(a).write(stateHash(observation, offset, table.observationSize()),
                h, 0, (float) target, config.tabularAlpha());
        action[0] = a;
        table.insert(observation, offset, action, 0, target, 0, observation, offset);
    }

    /** Identifies a state for the exact-match write: a 64-bit hash of its observation's float bits. */
    static long stateHash(float[] observation, int offset, int size) {
        long hash = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < size; i++) {
            hash = (hash ^ Float.floatToIntBits(observation[offset + i])) * 0xBF58476D1CE4E5B9L;
            hash ^= hash >>> 31;
        }
        return hash;
    }

    @Override
    public void episodeCut(int env) {
        targets.drop(env);
    }

    @Override
    public void learn(long envStep) {
        boolean trained = false;
        while (envStep >= nextTrainAt) {
            if (table.size() > 0) {
                table.sample(config.batchSize(), batch);
                NecLearner.Update update = learner.update(batch);
                metrics.add(update.loss(), update.meanQ(), update.gradNorm());
                trained = true;
            }
            nextTrainAt += config.trainFrequency();
        }
        if (trained) {
            PolicySnapshot snapshot = learner.snapshot();
            actor.setSnapshot(snapshot);
            greedy.setSnapshot(snapshot);
        }
    }

    @Override
    public Map<String, Double> drainMetrics() {
        return metrics.drain(learner.updates(), epsilon, table.size());
    }

    public NecLearner learner() {
        return learner;
    }

    @Override
    public Object saveState() {
        return new State(learner.state(), table.snapshot(), targets.snapshot(), actor.randomState(), nextTrainAt);
    }

    @Override
    public void restoreState(Object state) {
        if (!(state instanceof State s)) {
            throw new IllegalArgumentException("not an NEC checkpoint: " + (state == null ? "null" : state.getClass().getName()));
        }
        learner.restore(s.learner());
        table.restore(s.replay());
        targets.restore(s.targets());
        actor.restoreRandom(s.actorRandom());
        PolicySnapshot snapshot = learner.snapshot();
        actor.setSnapshot(snapshot);
        greedy.setSnapshot(snapshot);
        nextTrainAt = s.nextTrainAt();
    }

    /** Everything an NEC checkpoint holds besides the environments. */
    public record State(NecLearner.State learner, ReplayTable.Snapshot replay, NStepTargets.Snapshot targets,
                        long[] actorRandom, long nextTrainAt) {
    }
}
