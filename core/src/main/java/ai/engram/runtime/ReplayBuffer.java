package ai.engram.runtime;

import ai.engram.auxiliary.AuxiliaryLearner;
import ai.engram.replay.PrioritizedSampler;
import ai.engram.replay.RateLimiter;
import ai.engram.replay.ReplayTable;
import ai.engram.replay.TransitionBatch;
import ai.engram.replay.Transitions;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.function.LongToDoubleFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The replay buffer: owns the replay table and the rate limiter. An insert or a sample that would
 * break the samples-per-insert ratio waits in a queue until the other side has moved; so one
 * worker or eight, the learner makes the same number of updates per env step, and memory stays
 * bounded (at most one pending batch per worker) whatever the speed difference.
 */
public final class ReplayBuffer extends AbstractBehavior<ReplayBuffer.Command> {

    /** What the replay buffer understands. */
    public sealed interface Command permits Insert, Sample, UpdatePriorities, Freeze, Thaw, Forget, SampleObservations {
    }

    /**
     * Drop the waiting inserts of {@code worker}, whose node left or stopped answering: they were
     * never accepted, so nothing counted them, and no one could be told they were.
     */
    public record Forget(ActorRef<EnvWorker.Command> worker) implements Command, CrossJvm {
    }

    /** Transitions from a worker, with what its steps amounted to; the worker waits for {@link EnvWorker.Accepted}. */
    public record Insert(TransitionBatch batch, EnvWorker.Rollout rollout, ActorRef<EnvWorker.Command> replyTo)
            implements Command, CrossJvm {
    }

    /** The learner asks for a batch; answered with {@link Learner.Sampled} once the ratio allows. */
    public record Sample(int batchSize, ActorRef<Learner.Command> replyTo) implements Command, CrossJvm {
    }

    /** New priorities for the rows of the last sampled batch (prioritized replay). */
    public record UpdatePriorities(int[] rows, float[] tdErrors, int count) implements Command, CrossJvm {
    }

    /**
     * Auxiliary learners' round: {@code count} transitions (for a learner minimizing the Huber TD
     * loss when {@code huberLoss}) drawn uniformly by a generator seeded
     * with {@code seed}, outside the rate limiter (they train nothing) and without touching the
     * sampler's draws; answered at once, frozen or not, with {@link RunSupervisor.AuxiliarySample}.
     * It never leaves the learner's JVM.
     */
    public record SampleObservations(int count, long seed, boolean huberLoss, ActorRef<RunSupervisor.Command> replyTo)
            implements Command {
    }

    /**
     * Serve nothing until {@link Thaw}, and tell {@code replyTo} the table and the limiter as they
     * stand once nothing sampled is still being learned from: when the learner asks for its next
     * batch (or at once, without {@code waitForLearner}, when the learner is gone). Inserts and
     * samples wait meanwhile, uncounted. A checkpoint's replay part; it never leaves the learner's JVM.
     */
    public record Freeze(boolean waitForLearner, ActorRef<RunSupervisor.Command> replyTo) implements Command {
    }

    /** Serve again after a {@link Freeze}. */
    public record Thaw() implements Command {
    }

    private final ReplayTable table;
    private final RateLimiter limiter;
    private final ActorRef<RunSupervisor.Command> supervisor;
    private final LongToDoubleFunction betaAfterInserts;
    private final Queue<Insert> waitingInserts = new ArrayDeque<>();
    private Sample waitingSample;
    private boolean frozen;
    private Freeze unanswered;

    /**
     * @param betaAfterInserts prioritized replay's importance-sampling exponent as a function of the
     *                         transitions inserted so far (annealed towards 1 over the run); unused for
     *                         uniform replay
     */
    public static Behavior<Command> create(ReplayTable table, RateLimiter limiter, ActorRef<RunSupervisor.Command> supervisor,
                                           LongToDoubleFunction betaAfterInserts) {
        return Behaviors.setup(context -> new ReplayBuffer(context, table, limiter, supervisor, betaAfterInserts));
    }

    private ReplayBuffer(ActorContext<Command> context, ReplayTable table, RateLimiter limiter,
                         ActorRef<RunSupervisor.Command> supervisor, LongToDoubleFunction betaAfterInserts) {
        super(context);
        this.table = table;
        this.limiter = limiter;
        this.supervisor = supervisor;
        this.betaAfterInserts = betaAfterInserts;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Insert.class, this::insert)
                .onMessage(Sample.class, this::sample)
                .onMessage(UpdatePriorities.class, this::updatePriorities)
                .onMessage(Freeze.class, f -> {
                    frozen = true;
                    unanswered = f;
                    serve();
                    return this;
                })
                .onMessage(Forget.class, f -> {
                    waitingInserts.removeIf(insert -> insert.replyTo().equals(f.worker()));
                    serve();
                    return this;
                })
                .onMessage(SampleObservations.class, s -> {
                    s.replyTo().tell(new RunSupervisor.AuxiliarySample(
                            AuxiliaryLearner.ReplaySample.draw(table, s.count(), s.huberLoss(), new SplittableRandom(s.seed()))));
                    return this;
                })
                .onMessage(Thaw.class, t -> {
                    frozen = false;
                    serve();
                    return this;
                })
                .build();
    }

    private Behavior<Command> insert(Insert insert) {
        waitingInserts.add(insert);
        serve();
        return this;
    }

    private Behavior<Command> sample(Sample sample) {
        waitingSample = sample;
        serve();
        return this;
    }

    /** Serves whatever the ratio now allows, alternating until neither side can move. */
    private void serve() {
        if (frozen) {
            if (unanswered != null && (waitingSample != null || !unanswered.waitForLearner())) {
                unanswered.replyTo().tell(new RunSupervisor.ReplayFrozen(table.snapshot(), limiter.state()));
                unanswered = null;
            }
            return;
        }
        boolean moved = true;
        while (moved) {
            moved = false;
            Insert next = waitingInserts.peek();
            if (next != null && limiter.canInsert()) {
                waitingInserts.remove();
                next.batch().drainInto(table);
                limiter.inserted(next.batch().size());
                next.replyTo().tell(new EnvWorker.Accepted());
                supervisor.tell(new RunSupervisor.Accepted(next.rollout(), table.inserted()));
                moved = true;
            }
            if (waitingSample != null && limiter.canSample(table.size())) {
                if (table.sampler() instanceof PrioritizedSampler prioritized) {
                    prioritized.setBeta(betaAfterInserts.applyAsDouble(table.inserted()));
                }
                Transitions batch = new Transitions(waitingSample.batchSize(), table.observationSize(), table.actionSize());
                table.sample(waitingSample.batchSize(), batch);
                limiter.sampled(waitingSample.batchSize());
                waitingSample.replyTo().tell(new Learner.Sampled(batch, table.inserted()));
                waitingSample = null;
                moved = true;
            }
        }
    }

    private Behavior<Command> updatePriorities(UpdatePriorities update) {
        if (table.sampler() instanceof PrioritizedSampler prioritized) {
            prioritized.update(update.rows(), update.tdErrors(), update.count());
        }
        return this;
    }
}
