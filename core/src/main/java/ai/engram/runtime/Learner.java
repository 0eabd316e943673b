package ai.engram.runtime;

import ai.engram.agent.PolicySnapshot;
import ai.engram.agent.dqn.DqnLearner;
import ai.engram.replay.Transitions;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The learner: owns the parameters and the optimizer (through the same {@link DqnLearner} the
 * single-process loop uses) and is their only writer. It asks the replay buffer for one batch at a
 * time, updates, and publishes a versioned policy snapshot to the workers every
 * {@code publishEvery} updates; acting never waits for it.
 */
public final class Learner extends AbstractBehavior<Learner.Command> {

    /** What the learner understands. */
    public sealed interface Command permits Sampled, SaveState, Subscribe, Unsubscribe {
    }

    /** Send {@code worker} every policy from now on, starting with the latest. */
    public record Subscribe(ActorRef<EnvWorker.Command> worker) implements Command, CrossJvm {
    }

    /** Stop sending {@code worker} policies (its node left or became unreachable). */
    public record Unsubscribe(ActorRef<EnvWorker.Command> worker) implements Command, CrossJvm {
    }

    /**
     * Tell {@code replyTo} the learner's state. Asked while the replay buffer is frozen with the
     * learner's next request parked, so no update is under way; it never leaves the learner's JVM.
     */
    public record SaveState(ActorRef<RunSupervisor.Command> replyTo) implements Command {
    }

    /** A batch from the replay buffer, and how many transitions had been inserted by then. */
    public record Sampled(Transitions batch, long inserted) implements Command, CrossJvm {
    }

    /** The schedule of the learner, in updates. */
    public record Schedule(int batchSize, long targetEveryUpdates, long publishEvery, long metricsEvery, boolean prioritized) {
    }

    private final DqnLearner learner;
    private final Schedule schedule;
    private final ActorRef<ReplayBuffer.Command> replay;
    private final Set<ActorRef<EnvWorker.Command>> workers = new LinkedHashSet<>();
    private final ActorRef<RunSupervisor.Command> supervisor;
    private double lossSum;
    private double qSum;
    private int count;

    public static Behavior<Command> create(DqnLearner learner, Schedule schedule, long insertedAtStart,
                                           ActorRef<ReplayBuffer.Command> replay,
                                           ActorRef<RunSupervisor.Command> supervisor) {
        return Behaviors.setup(context -> {
            replay.tell(new ReplayBuffer.Sample(schedule.batchSize(), context.getSelf()));
            return new Learner(context, learner, schedule, insertedAtStart, replay, supervisor);
        });
    }

    private Learner(ActorContext<Command> context, DqnLearner learner, Schedule schedule, long insertedAtStart,
                    ActorRef<ReplayBuffer.Command> replay, ActorRef<RunSupervisor.Command> supervisor) {
        super(context);
        this.learner = learner;
        this.schedule = schedule;
        this.replay = replay;
        this.supervisor = supervisor;
        this.snapshot = learner.snapshot();
        this.inserted = insertedAtStart;
    }

    private PolicySnapshot snapshot;
    /** Transitions in replay at the last sample: the run's env steps as far as the learner knows. */
    private long inserted;

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Sampled.class, this::update)
                .onMessage(Subscribe.class, s -> {
                    workers.add(s.worker());
                    s.worker().tell(new EnvWorker.NewPolicy(snapshot, inserted));
                    return this;
                })
                .onMessage(Unsubscribe.class, u -> {
                    workers.remove(u.worker());
                    return this;
                })
                .onMessage(SaveState.class, s -> {
                    s.replyTo().tell(new RunSupervisor.LearnerState(learner.state()));
                    return this;
                })
                .build();
    }

    /**
     * One update; a failing one stops the learner and hands the supervisor the parameters as they
     * stand (an update that fails, as on a non-finite loss, fails before its optimizer step), so the
     * run ends with a final checkpoint instead of hanging.
     */
    private Behavior<Command> update(Sampled sampled) {
        DqnLearner.Update update;
        try {
            update = learner.update(sampled.batch());
        } catch (RuntimeException e) {
            supervisor.tell(new RunSupervisor.LearnerFailed(String.valueOf(e.getMessage()), learner.state()));
            return Behaviors.stopped();
        }
        if (schedule.prioritized()) {
            replay.tell(new ReplayBuffer.UpdatePriorities(sampled.batch().index.clone(), learner.tdErrors().clone(),
                    sampled.batch().size));
        }
        long updates = learner.updates();
        if (updates % schedule.targetEveryUpdates() == 0) {
            learner.updateTarget();
        }
        inserted = sampled.inserted();
        if (updates % schedule.publishEvery() == 0) {
            snapshot = learner.snapshot();
            EnvWorker.NewPolicy message = new EnvWorker.NewPolicy(snapshot, inserted);
            workers.forEach(w -> w.tell(message));
            supervisor.tell(new RunSupervisor.PolicyPublished(snapshot));
        }
        lossSum += update.loss();
        qSum += update.meanQ();
        count++;
        if (updates % schedule.metricsEvery() == 0) {
            supervisor.tell(new RunSupervisor.LearnerMetrics(updates, lossSum / count, qSum / count));
            lossSum = 0;
            qSum = 0;
            count = 0;
        }
        replay.tell(new ReplayBuffer.Sample(schedule.batchSize(), getContext().getSelf()));
        return this;
    }
}
