package ai.engram.runtime;

import ai.engram.agent.PolicySnapshot;
import ai.engram.auxiliary.AuxiliaryHost;
import ai.engram.auxiliary.AuxiliaryLearner;
import ai.engram.agent.dqn.DqnActor;
import ai.engram.agent.dqn.DqnConfig;
import ai.engram.agent.dqn.DqnLearner;
import ai.engram.agent.dqn.DqnNetworks;
import ai.engram.env.Discrete;
import ai.engram.env.Env;
import ai.engram.env.VectorEnv;
import ai.engram.record.Checkpoints;
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
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Wires a DQN run out of actors (the replay buffer, the learner, the environment workers), records
 * its metrics in the same files as the single-process loop, evaluates the published policy on its
 * own environment, checkpoints, and stops everything once the run's env steps are done.
 *
 * <p>A checkpoint is taken at one consistent point: the supervisor freezes the replay buffer, which
 * answers with its table and limiter once the learner has asked for its next batch (so the learner
 * is idle and has learned from every batch counted as sampled); then the learner gives its state,
 * the checkpoint is written, and the buffer thaws. Every accepted batch's {@link Accepted} reaches
 * the supervisor before the buffer's answer (messages between two actors keep their order), so the
 * counters match the table.
 */
public final class RunSupervisor extends AbstractBehavior<RunSupervisor.Command> {

    /** What the supervisor understands. */
    public sealed interface Command permits Accepted, WorkerRestarted, PolicyPublished, LearnerMetrics, Stop,
            LearnerStopped, LearnerFailed, ReplayFrozen, LearnerState, JoinRequest, WorkerUp, NodeLost, AuxiliarySample {
    }

    /** How worker nodes find a run's supervisor: it registers under this key with the receptionist. */
    public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "engram-run-supervisor");

    /** A node's pool of {@code workers} environment workers asks to join the run; answered with its {@link RunSpec}. */
    public record JoinRequest(ActorRef<WorkerPool.Command> pool, int workers) implements Command, CrossJvm {
    }

    /** A worker started with {@code envCopies} environments: it gets policies from now on. */
    public record WorkerUp(ActorRef<EnvWorker.Command> worker, int envCopies) implements Command, CrossJvm {
    }

    /** A node left the cluster or stopped answering: its workers no longer count. */
    record NodeLost(Address address, boolean unreachable) implements Command {
    }

    /** The replay buffer accepted a worker's batch: its env steps and episodes count now. */
    public record Accepted(EnvWorker.Rollout rollout, long insertedTotal) implements Command, CrossJvm {
    }

    /** A worker's environments threw; it restarted with fresh ones, cutting {@code cutEpisodes} episodes. */
    public record WorkerRestarted(int worker, int cutEpisodes) implements Command, CrossJvm {
    }

    /** The learner stopped without saying why: the run cannot go on. */
    record LearnerStopped() implements Command {
    }

    /** An update failed: the learner stopped, leaving its state as it stood. */
    record LearnerFailed(String why, DqnLearner.State state) implements Command {
    }

    /** The frozen replay buffer's contents and its limiter's counts, for a checkpoint. */
    record ReplayFrozen(ReplayTable.Snapshot table, RateLimiter.State limiter) implements Command {
    }

    /** The idle learner's state, for a checkpoint. */
    record LearnerState(DqnLearner.State state) implements Command {
    }

    /** Replay observations for the auxiliary learners' round that is due. */
    record AuxiliarySample(AuxiliaryLearner.ReplaySample sample) implements Command {
    }

    /** The learner published a new policy. */
    public record PolicyPublished(PolicySnapshot snapshot) implements Command, CrossJvm {
    }

    /** The learner's figures, averaged over the updates since its last report. */
    public record LearnerMetrics(long updates, double loss, double meanQ) implements Command, CrossJvm {
    }

    /** Stop now (a signal): checkpoint, then end. */
    record Stop() implements Command {
    }

    /**
     * Everything a run of actors is made of. It starts from {@code resume} when present, and stops
     * with a checkpoint once {@code stopAt} env steps are done.
     */
    public record Setup(TrainingLoop.RunInfo info, String config, RunConfig run, DqnConfig dqn,
                        IntFunction<VectorEnv> workerEnvs, int workers, int stepsPerMessage, Env evalEnv,
                        Optional<ActorCheckpoint> resume, long stopAt, CompletableFuture<Outcome> outcome) {

        /** A fresh run to the end of its steps; {@code config} is the run's resolved settings, rendered. */
        public Setup(TrainingLoop.RunInfo info, String config, RunConfig run, DqnConfig dqn,
                     IntFunction<VectorEnv> workerEnvs, int workers, int stepsPerMessage, Env evalEnv) {
            this(info, config, run, dqn, workerEnvs, workers, stepsPerMessage, evalEnv, Optional.empty(), Long.MAX_VALUE,
                    new CompletableFuture<>());
        }
    }

    /**
     * How the run went, beyond the loop's outcome: updates, how many learner updates behind the
     * latest published policy the accepted batches were acted with on average, the observed samples
     * per insert, transitions accepted into replay, worker restarts and the episodes cut (by restarts
     * and by resuming).
     */
    public record Outcome(TrainingLoop.Outcome loop, long updates, double meanPolicyLag, double samplesPerInsert,
                          long inserted, int restarts, long cutEpisodes) {
    }

    /** Why a checkpoint is under way, and so what follows it. */
    private enum Then { CONTINUE, STOP, COMPLETE, FAIL }

    private final Setup setup;
    private final ActorRef<ReplayBuffer.Command> replay;
    private final ActorRef<Learner.Command> learner;
    private final CsvLog metrics;
    private final CsvLog learnerLog;
    private final DqnActor greedy;
    private final long startNanos;
    /** The workers policies go to, with their environment copies (episodes under way at any time). */
    private final Map<ActorRef<EnvWorker.Command>, Integer> workers = new HashMap<>();
    private int nextWorkerIndex;
    private PolicySnapshot latest;
    private long envSteps;
    private long episodes;
    private long nextEvalAt;
    private int evalRound;
    private double lastEval;
    private long nextCheckpointAt;
    private long updates;
    private long lagSum;
    private long lagBatches;
    private long rowLagSum;
    private long rowLagBatches;
    private long inserted;
    private int restarts;
    private long cutEpisodes;
    /** While a checkpoint is under way: what follows it, the frozen replay, and a failed learner's state. */
    private Then then;
    private ReplayFrozen frozen;
    private LearnerFailed failure;
    /** The run's auxiliary learners, on their own thread, and the round waiting for its replay sample. */
    private final Optional<AuxiliaryHost> auxiliary;
    private long auxiliaryRounds;
    private AuxiliaryRound dueRound;

    /** An auxiliary round: the env step it is due at and the policy published by then. */
    private record AuxiliaryRound(long envStep, PolicySnapshot policy) {
    }

    public static Behavior<Command> create(Setup setup) {
        return Behaviors.setup(context -> new RunSupervisor(context, setup));
    }

    private RunSupervisor(ActorContext<Command> context, Setup setup) {
        super(context);
        this.setup = setup;
        DqnConfig dqn = setup.dqn();
        int obsSize = setup.evalEnv().observationSize();
        if (!(setup.evalEnv().actionSpace() instanceof Discrete discrete)) {
            throw new IllegalArgumentException("DQN needs a discrete action space, " + setup.info().env() + "'s is "
                    + setup.evalEnv().actionSpace());
        }
        int actions = discrete.n();
        long seed = setup.info().seed();
        DqnLearner dqnLearner = new DqnLearner(dqn, obsSize, actions, seed);
        dqnLearner.updateTarget();
        Sampler sampler = dqn.prioritized()
                ? new PrioritizedSampler(dqn.bufferSize(), dqn.priorityAlpha(), dqn.priorityBeta(), dqn.priorityEpsilon(), seed + 1)
                : new UniformSampler(seed + 1);
        ReplayTable table = new ReplayTable(dqn.bufferSize(), obsSize, 1, sampler);
        // the single-process schedule as a ratio: gradientSteps batches every trainFrequency env steps
        double samplesPerInsert = (double) dqn.batchSize() * dqn.gradientSteps() / dqn.trainFrequency();
        RateLimiter limiter = new RateLimiter(samplesPerInsert, Math.max(dqn.learningStarts(), dqn.batchSize()),
                Math.max(samplesPerInsert, 2.0 * dqn.batchSize() * dqn.gradientSteps()));
        RunConfig run = setup.run();
        ActorCheckpoint.Counters c = setup.resume().map(r -> {
            dqnLearner.restore(r.learner());
            table.restore(r.replay());
            limiter.restore(r.limiter());
            return r.counters();
        }).orElse(new ActorCheckpoint.Counters(0, 0, run.evalEvery(), 0, Double.NaN, run.checkpointEvery(), 0, 0, 0,
                0, 0, 0, 0, 0));
        envSteps = c.envSteps();
        episodes = c.episodes();
        nextEvalAt = c.nextEvalAt();
        evalRound = c.evalRound();
        lastEval = c.lastEval();
        nextCheckpointAt = c.nextCheckpointAt();
        lagSum = c.lagSum();
        lagBatches = c.lagBatches();
        restarts = c.restarts();
        cutEpisodes = c.cutEpisodes() + c.envCopies(); // the episodes under way at the checkpoint were cut
        inserted = table.inserted();
        updates = dqnLearner.updates();
        startNanos = System.nanoTime() - (long) (c.wallSeconds() * 1e9);
        Path dir = setup.info().directory();
        metrics = new CsvLog(dir.resolve("metrics.csv"), TrainingLoop.METRICS_COLUMNS, c.metricsBytes());
        learnerLog = new CsvLog(dir.resolve("learner.csv"), TrainingLoop.LEARNER_COLUMNS, c.learnerBytes());
        latest = dqnLearner.snapshot();

        long totalSteps = run.totalSteps();
        replay = context.spawn(ReplayBuffer.create(table, limiter, context.getSelf(),
                insertedSoFar -> dqn.priorityBetaAt(insertedSoFar, totalSteps)), "replay");
        // as in the single-process schedule, where the target changes at most once per training round
        long roundsPerTarget = (dqn.targetUpdateInterval() + dqn.trainFrequency() - 1) / dqn.trainFrequency();
        long updatesPerTarget = Math.max(1, roundsPerTarget * dqn.gradientSteps());
        long publishEvery = Math.max(1, dqn.gradientSteps());
        long metricsEvery = Math.max(1, Math.round(run.logEvery() * samplesPerInsert / dqn.batchSize()));
        learner = context.spawn(Learner.create(dqnLearner, new Learner.Schedule(dqn.batchSize(), updatesPerTarget,
                publishEvery, metricsEvery, dqn.prioritized()), inserted, replay, context.getSelf()), "learner");
        context.watchWith(learner, new LearnerStopped());
        if (setup.workers() > 0) {
            ActorRef<WorkerPool.Command> pool = context.spawn(WorkerPool.create(setup.workers(), setup.stepsPerMessage(),
                    setup.workerEnvs()), "workers");
            context.getSelf().tell(new JoinRequest(pool, setup.workers()));
        }
        context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
        if (context.getSystem().settings().config().getString("pekko.actor.provider").equals("cluster")) {
            Cluster cluster = Cluster.get(context.getSystem());
            cluster.subscriptions().tell(Subscribe.create(context.messageAdapter(ClusterEvent.UnreachableMember.class,
                    u -> new NodeLost(u.member().address(), true)), ClusterEvent.UnreachableMember.class));
            cluster.subscriptions().tell(Subscribe.create(context.messageAdapter(ClusterEvent.MemberRemoved.class,
                    r -> new NodeLost(r.member().address(), false)), ClusterEvent.MemberRemoved.class));
        }
        greedy = new DqnActor(DqnNetworks.qNetwork(dqn, obsSize, actions, seed).plainForward(), obsSize, actions, latest, 0);
        auxiliary = AuxiliaryHost.beside(run.auxiliary(), () -> DqnNetworks.qNetwork(dqn, obsSize, actions, 0), dir, seed);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Accepted.class, this::accepted)
                .onMessage(JoinRequest.class, this::join)
                .onMessage(WorkerUp.class, up -> {
                    workers.put(up.worker(), up.envCopies());
                    learner.tell(new Learner.Subscribe(up.worker()));
                    return this;
                })
                .onMessage(NodeLost.class, this::nodeLost)
                .onMessage(WorkerRestarted.class, r -> {
                    restarts++;
                    cutEpisodes += r.cutEpisodes();
                    return this;
                })
                .onMessage(PolicyPublished.class, p -> {
                    latest = p.snapshot();
                    return this;
                })
                .onMessage(LearnerMetrics.class, this::learnerMetrics)
                .onMessage(AuxiliarySample.class, this::auxiliaryRound)
                .onMessage(Stop.class, s -> checkpoint(Then.STOP))
                .onMessage(ReplayFrozen.class, this::replayFrozen)
                .onMessage(LearnerState.class, s -> checkpointed(s.state()))
                .onMessage(LearnerFailed.class, this::learnerFailed)
                .onMessage(LearnerStopped.class, s -> failure != null ? this
                        : fail("the learner stopped unexpectedly; see the log above", false))
                .build();
    }

    private Behavior<Command> join(JoinRequest request) {
        TrainingLoop.RunInfo info = setup.info();
        request.pool().tell(new WorkerPool.Start(new RunSpec(info.agent(), info.env(), info.seed(), setup.config(),
                nextWorkerIndex, envSteps, latest, replay, getContext().getSelf())));
        nextWorkerIndex += request.workers();
        return this;
    }

    /**
     * A node's workers stop counting: no more policies, their waiting inserts dropped, their
     * episodes under way counted as cut. A node that stops answering is downed at once, so it can
     * only come back as a new member with new workers (it is replaced, never half welcomed back).
     */
    private Behavior<Command> nodeLost(NodeLost lost) {
        var gone = workers.keySet().stream().filter(w -> w.path().address().equals(lost.address())).toList();
        for (ActorRef<EnvWorker.Command> worker : gone) {
            learner.tell(new Learner.Unsubscribe(worker));
            replay.tell(new ReplayBuffer.Forget(worker));
            cutEpisodes += workers.remove(worker);
        }
        if (lost.unreachable()) {
            Cluster.get(getContext().getSystem()).manager().tell(new Down(lost.address()));
        }
        if (!gone.isEmpty()) {
            getContext().getLog().warn("node {} {}: {} workers removed", lost.address(),
                    lost.unreachable() ? "stopped answering and was downed" : "left", gone.size());
        }
        return this;
    }

    private double wall() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private Behavior<Command> accepted(Accepted a) {
        EnvWorker.Rollout rollout = a.rollout();
        inserted = a.insertedTotal();
        envSteps += rollout.envSteps();
        long lag = latest.version() - rollout.policyVersion();
        lagSum += lag;
        lagBatches++;
        rowLagSum += lag;
        rowLagBatches++;
        TrainingLoop.RunInfo info = setup.info();
        for (int i = 0; i < rollout.returns().length; i++) {
            episodes++;
            metrics.row(info.name(), info.agent(), info.env(), info.seed(), envSteps, wall(), rollout.returns()[i],
                    rollout.lengths()[i], null);
        }
        auxiliary.ifPresent(host -> {
            // a round due while the last one still waits for its sample is skipped, as one the host finds busy
            if (host.due(envSteps) && dueRound == null) {
                dueRound = new AuxiliaryRound(envSteps, latest);
                replay.tell(new ReplayBuffer.SampleObservations(setup.run().auxiliary().samples(),
                        setup.info().seed() + 104_729L * ++auxiliaryRounds, setup.dqn().loss().equals("huber"),
                        getContext().getSelf()));
            }
        });
        // batches accepted before a checkpoint froze the buffer still arrive and count, but the run ends once
        boolean ends = envSteps >= setup.run().totalSteps() && envSteps - rollout.envSteps() < setup.run().totalSteps();
        if (envSteps >= nextEvalAt || ends) {
            evaluate();
            while (nextEvalAt <= envSteps) {
                nextEvalAt += setup.run().evalEvery();
            }
        }
        if (ends) {
            return checkpoint(Then.COMPLETE);
        }
        if (envSteps >= setup.stopAt()) {
            return checkpoint(Then.STOP);
        }
        if (envSteps >= nextCheckpointAt) {
            while (nextCheckpointAt <= envSteps) {
                nextCheckpointAt += setup.run().checkpointEvery();
            }
            return checkpoint(Then.CONTINUE);
        }
        return this;
    }

    /** Hands the due round to the auxiliary learners' thread (which skips it if the last one still runs). */
    private Behavior<Command> auxiliaryRound(AuxiliarySample s) {
        AuxiliaryRound round = dueRound;
        dueRound = null;
        auxiliary.ifPresent(host -> host.offer(round.envStep(), round.policy()::parameters, s::sample));
        return this;
    }

    private Behavior<Command> learnerMetrics(LearnerMetrics m) {
        updates = m.updates();
        double wall = wall();
        learnerLog.row(envSteps, wall, m.updates(), m.loss(), m.meanQ(), null,
                setup.dqn().epsilon(envSteps, setup.run().totalSteps()), m.updates() / wall, envSteps / wall, inserted,
                rowLagBatches == 0 ? null : (double) rowLagSum / rowLagBatches);
        learnerLog.flush();
        rowLagSum = 0;
        rowLagBatches = 0;
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

    /**
     * Freezes the replay buffer for a checkpoint. If one is under way already, it serves: what follows
     * it becomes the later of the two in CONTINUE, STOP, COMPLETE (a failure decides alone).
     */
    private Behavior<Command> checkpoint(Then after) {
        if (then != null) {
            if (then != Then.FAIL && after.compareTo(then) > 0) {
                then = after;
            }
            return this;
        }
        then = after;
        replay.tell(new ReplayBuffer.Freeze(true, getContext().getSelf()));
        return this;
    }

    private Behavior<Command> replayFrozen(ReplayFrozen replayState) {
        frozen = replayState;
        if (failure != null) {
            return checkpointed(failure.state());
        }
        learner.tell(new Learner.SaveState(getContext().getSelf()));
        return this;
    }

    private Behavior<Command> learnerFailed(LearnerFailed failed) {
        failure = failed;
        then = Then.FAIL;
        // a freeze waiting for the learner's next request would wait for ever: take the replay as it stands
        replay.tell(new ReplayBuffer.Freeze(false, getContext().getSelf()));
        return this;
    }

    private Behavior<Command> checkpointed(DqnLearner.State learnerState) {
        updates = learnerState.updates();
        metrics.flush();
        learnerLog.flush();
        ActorCheckpoint.Counters counters = new ActorCheckpoint.Counters(envSteps, episodes, nextEvalAt, evalRound,
                lastEval, nextCheckpointAt, wall(), metrics.bytes(), learnerLog.bytes(), lagSum, lagBatches, restarts,
                cutEpisodes, workers.values().stream().mapToInt(Integer::intValue).sum());
        Checkpoints.write(setup.info().directory().resolve("checkpoint"), new ActorCheckpoint(setup.info().agent(),
                counters, learnerState, frozen.table(), frozen.limiter()));
        Then after = then;
        then = null;
        frozen = null;
        return switch (after) {
            case CONTINUE -> {
                replay.tell(new ReplayBuffer.Thaw());
                yield this;
            }
            case STOP -> finish(false);
            case COMPLETE -> finish(true);
            case FAIL -> fail("the learner failed: " + failure.why(), true);
        };
    }

    private Behavior<Command> finish(boolean completed) {
        metrics.close();
        learnerLog.close();
        auxiliary.ifPresent(AuxiliaryHost::close);
        setup.outcome().complete(new Outcome(new TrainingLoop.Outcome(envSteps, episodes, completed, lastEval), updates,
                lagBatches == 0 ? 0 : (double) lagSum / lagBatches,
                (double) updates * setup.dqn().batchSize() / Math.max(1, inserted), inserted, restarts, cutEpisodes));
        return Behaviors.stopped();
    }

    /** Ends the run with an error, keeping what was recorded. */
    private Behavior<Command> fail(String why, boolean checkpointed) {
        metrics.close();
        learnerLog.close();
        auxiliary.ifPresent(AuxiliaryHost::close);
        Path checkpoint = setup.info().directory().resolve("checkpoint");
        String kept = checkpointed ? "; a final checkpoint was written in " + checkpoint
                : Checkpoints.exists(checkpoint) ? "; the last checkpoint in " + checkpoint + " remains" : "";
        setup.outcome().completeExceptionally(new IllegalStateException(why + " (after " + envSteps + " env steps" + kept
                + ")"));
        return Behaviors.stopped();
    }
}
