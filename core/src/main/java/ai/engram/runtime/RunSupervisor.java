package ai.engram.runtime;

import ai.engram.agent.PolicySnapshot;
import ai.engram.agent.dqn.DqnActor;
import ai.engram.agent.dqn.DqnConfig;
import ai.engram.agent.dqn.DqnLearner;
import ai.engram.agent.dqn.DqnNetworks;
import ai.engram.env.Env;
import ai.engram.env.VectorEnv;
import ai.engram.record.CsvLog;
import ai.engram.record.LearningCurve;
import ai.engram.replay.PrioritizedSampler;
import ai.engram.replay.RateLimiter;
import ai.engram.replay.ReplayTable;
import ai.engram.replay.Sampler;
import ai.engram.replay.UniformSampler;
import ai.engram.train.Evaluation;
import ai.engram.train.RunConfig;
import ai.engram.train.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Wires a DQN run out of actors (the replay buffer, the learner, the environment workers), records
 * its metrics in the same files as the single-process loop, evaluates the published policy on its
 * own environment, and stops everything once the run's env steps are done.
 */
public final class RunSupervisor extends AbstractBehavior<RunSupervisor.Command> {

    /** What the supervisor understands. */
    public sealed interface Command permits Accepted, WorkerRestarted, PolicyPublished, LearnerMetrics, Stop,
            LearnerStopped {
    }

    /** The replay buffer accepted a worker's batch: its env steps and episodes count now. */
    public record Accepted(EnvWorker.Rollout rollout, long insertedTotal) implements Command, CrossJvm {
    }

    /** A worker's environments threw; it restarted with fresh ones, cutting {@code cutEpisodes} episodes. */
    public record WorkerRestarted(int worker, int cutEpisodes) implements Command, CrossJvm {
    }

    /** The learner stopped (it failed): the run cannot go on. */
    record LearnerStopped() implements Command {
    }

    /** The learner published a new policy. */
    public record PolicyPublished(PolicySnapshot snapshot) implements Command, CrossJvm {
    }

    /** The learner's figures, averaged over the updates since its last report. */
    public record LearnerMetrics(long updates, double loss, double meanQ) implements Command, CrossJvm {
    }

    /** Stop now (a signal). */
    record Stop() implements Command {
    }

    /** Everything a run of actors is made of. */
    public record Setup(TrainingLoop.RunInfo info, RunConfig run, DqnConfig dqn, IntFunction<VectorEnv> workerEnvs,
                        int workers, int stepsPerMessage, Env evalEnv, CompletableFuture<Outcome> outcome) {
    }

    /**
     * How the run went, beyond the loop's outcome: updates, how many versions behind the learner the
     * acting policies were on average, the observed samples per insert, transitions accepted into
     * replay, worker restarts and the episodes they cut.
     */
    public record Outcome(TrainingLoop.Outcome loop, long updates, double meanPolicyLag, double samplesPerInsert,
                          long inserted, int restarts, long cutEpisodes) {
    }

    private final Setup setup;
    private final CsvLog metrics;
    private final CsvLog learnerLog;
    private final DqnActor greedy;
    private final long start = System.nanoTime();
    private PolicySnapshot latest;
    private long envSteps;
    private long episodes;
    private long nextEvalAt;
    private int evalRound;
    private double lastEval = Double.NaN;
    private long updates;
    private double lagSum;
    private long inserted;
    private int restarts;
    private long cutEpisodes;

    public static Behavior<Command> create(Setup setup) {
        return Behaviors.setup(context -> new RunSupervisor(context, setup));
    }

    private RunSupervisor(ActorContext<Command> context, Setup setup) {
        super(context);
        this.setup = setup;
        DqnConfig dqn = setup.dqn();
        VectorEnv probe = setup.workerEnvs().apply(0);
        int obsSize = probe.observationSize();
        int actions = ((ai.engram.env.Discrete) probe.actionSpace()).n();
        long seed = setup.info().seed();
        DqnLearner learner = new DqnLearner(dqn, obsSize, actions, seed);
        learner.updateTarget();
        latest = learner.snapshot();
        Sampler sampler = dqn.prioritized()
                ? new PrioritizedSampler(dqn.bufferSize(), dqn.priorityAlpha(), dqn.priorityBeta(), dqn.priorityEpsilon(), seed + 1)
                : new UniformSampler(seed + 1);
        ReplayTable table = new ReplayTable(dqn.bufferSize(), obsSize, 1, sampler);
        // the single-process schedule as a ratio: gradientSteps batches every trainFrequency env steps
        double samplesPerInsert = (double) dqn.batchSize() * dqn.gradientSteps() / dqn.trainFrequency();
        RateLimiter limiter = new RateLimiter(samplesPerInsert, Math.max(dqn.learningStarts(), dqn.batchSize()),
                Math.max(samplesPerInsert, 2.0 * dqn.batchSize() * dqn.gradientSteps()));
        long totalSteps = setup.run().totalSteps();
        ActorRef<ReplayBuffer.Command> replay = context.spawn(ReplayBuffer.create(table, limiter, context.getSelf(),
                inserted -> dqn.priorityBetaAt(inserted, totalSteps)),
                "replay");
        List<ActorRef<EnvWorker.Command>> workers = new ArrayList<>();
        probe.close();
        for (int w = 0; w < setup.workers(); w++) {
            int index = w;
            DqnActor actor = new DqnActor(learner.online().plainForward(), obsSize, actions, latest, seed + 100 + w);
            long total = setup.run().totalSteps();
            EnvWorker.Acting acting = (obs, count, step, out, snapshot) -> {
                actor.setSnapshot(snapshot);
                actor.setEpsilon(dqn.epsilon(step, total));
                actor.act(obs, count, out);
            };
            workers.add(context.spawn(EnvWorker.create(w, () -> setup.workerEnvs().apply(index), acting, dqn.nStep(),
                    dqn.gamma(), seed + 1000L * (w + 1), setup.stepsPerMessage(), setup.workers(), latest, replay,
                    context.getSelf()), "worker-" + w));
        }
        // as in the single-process schedule, where the target changes at most once per training round
        long roundsPerTarget = (dqn.targetUpdateInterval() + dqn.trainFrequency() - 1) / dqn.trainFrequency();
        long updatesPerTarget = Math.max(1, roundsPerTarget * dqn.gradientSteps());
        long publishEvery = Math.max(1, dqn.gradientSteps());
        ActorRef<Learner.Command> learnerActor = context.spawn(Learner.create(learner, new Learner.Schedule(dqn.batchSize(), updatesPerTarget, publishEvery,
                Math.max(1, Math.round(setup.run().logEvery() * samplesPerInsert / dqn.batchSize())), dqn.prioritized()),
                replay, workers, context.getSelf()), "learner");
        context.watchWith(learnerActor, new LearnerStopped());
        greedy = new DqnActor(DqnNetworks.qNetwork(dqn, obsSize, actions, seed).plainForward(), obsSize, actions, latest, 0);
        metrics = new CsvLog(setup.info().directory().resolve("metrics.csv"), TrainingLoop.METRICS_COLUMNS, 0);
        learnerLog = new CsvLog(setup.info().directory().resolve("learner.csv"), TrainingLoop.LEARNER_COLUMNS, 0);
        nextEvalAt = setup.run().evalEvery();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Accepted.class, this::accepted)
                .onMessage(WorkerRestarted.class, r -> {
                    restarts++;
                    cutEpisodes += r.cutEpisodes();
                    return this;
                })
                .onMessage(LearnerStopped.class, s -> fail("the learner failed; see the log above"))
                .onMessage(PolicyPublished.class, p -> {
                    latest = p.snapshot();
                    return this;
                })
                .onMessage(LearnerMetrics.class, this::learnerMetrics)
                .onMessage(Stop.class, s -> finish(false))
                .build();
    }

    private double wall() {
        return (System.nanoTime() - start) / 1e9;
    }

    private Behavior<Command> accepted(Accepted a) {
        EnvWorker.Rollout rollout = a.rollout();
        inserted = a.insertedTotal();
        envSteps += rollout.envSteps();
        TrainingLoop.RunInfo info = setup.info();
        for (int i = 0; i < rollout.returns().length; i++) {
            episodes++;
            lagSum += latest.version() - rollout.versions()[i];
            metrics.row(info.name(), info.agent(), info.env(), info.seed(), envSteps, wall(), rollout.returns()[i],
                    rollout.lengths()[i], null);
        }
        if (envSteps >= nextEvalAt || envSteps >= setup.run().totalSteps()) {
            evaluate();
            while (nextEvalAt <= envSteps) {
                nextEvalAt += setup.run().evalEvery();
            }
        }
        return envSteps >= setup.run().totalSteps() ? finish(true) : this;
    }

    private Behavior<Command> learnerMetrics(LearnerMetrics m) {
        updates = m.updates();
        double wall = wall();
        learnerLog.row(envSteps, wall, m.updates(), m.loss(), m.meanQ(), null,
                setup.dqn().epsilon(envSteps, setup.run().totalSteps()), m.updates() / wall, envSteps / wall, null);
        learnerLog.flush();
        return this;
    }

    private void evaluate() {
        greedy.setSnapshot(latest);
        lastEval = Evaluation.meanReturn(setup.evalEnv(), greedy::act, setup.info().seed(), evalRound++,
                setup.run().evalEpisodes());
        TrainingLoop.RunInfo info = setup.info();
        metrics.row(info.name(), info.agent(), info.env(), info.seed(), envSteps, wall(), null, null, lastEval);
        metrics.flush();
        LearningCurve.draw(info.directory(), info.agent() + " on " + info.env() + " (" + setup.workers()
                + " workers), seed " + info.seed());
    }

    private Behavior<Command> finish(boolean completed) {
        metrics.close();
        learnerLog.close();
        setup.outcome().complete(new Outcome(new TrainingLoop.Outcome(envSteps, episodes, completed, lastEval), updates,
                episodes == 0 ? 0 : lagSum / episodes, (double) updates * setup.dqn().batchSize() / Math.max(1, inserted),
                inserted, restarts, cutEpisodes));
        return Behaviors.stopped();
    }

    /** Ends the run with an error, keeping what was recorded. */
    private Behavior<Command> fail(String why) {
        metrics.close();
        learnerLog.close();
        setup.outcome().completeExceptionally(new IllegalStateException(why + " (after " + envSteps + " env steps)"));
        return Behaviors.stopped();
    }
}
