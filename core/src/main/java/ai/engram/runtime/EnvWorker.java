package ai.engram.runtime;

import ai.engram.agent.PolicySnapshot;
import ai.engram.agent.dqn.DqnActor;
import ai.engram.env.VectorEnv;
import ai.engram.replay.NStepAdder;
import ai.engram.replay.TransitionBatch;
import ai.engram.train.VectorRollout;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * An environment worker: owns a vector env and the latest policy snapshot, acts for all its envs
 * in one batch, turns steps into n-step transitions with the same adder as the single-process
 * loop, and sends them to the replay buffer {@code stepsPerMessage} vector steps at a time. It
 * steps again only once the buffer accepted the last batch: that is the back-pressure that keeps
 * memory bounded when the learner lags, and what lets it reuse the batch's arrays.
 */
public final class EnvWorker extends AbstractBehavior<EnvWorker.Command> {

    /** What an environment worker understands. */
    public sealed interface Command permits Run, NewPolicy, Accepted {
    }

    /** Step the environments (the worker's own tick). */
    record Run() implements Command {
    }

    /** A newer policy snapshot from the learner, and the run's env steps in replay when it was made. */
    public record NewPolicy(PolicySnapshot snapshot, long envStep) implements Command, CrossJvm {
    }

    /** The replay buffer accepted the last batch: go on. */
    public record Accepted() implements Command, CrossJvm {
    }

    /** How a worker acts: the actor of the agent, exploring as the schedule says at a global env step. */
    public interface Acting {
        void act(float[] observations, int count, long globalEnvStep, double[] actions, PolicySnapshot snapshot);
    }

    /**
     * A worker's fixed settings: worker {@code index}, n-step returns with {@code nStep} and
     * {@code gamma}, {@code stepsPerMessage} vector steps per batch, environments seeded from
     * {@code seed}, and the run's env steps when it joined ({@code startStep}).
     */
    public record Config(int index, int stepsPerMessage, int nStep, double gamma, long seed, long startStep) {
    }

    private final VectorEnv envs;
    private final EpisodeLog episodes = new EpisodeLog();
    private final NStepAdder adder;
    private final int stepsPerMessage;
    private final ActorRef<ReplayBuffer.Command> replay;
    /**
     * Two batches, double-buffered: the worker fills one while the replay buffer copies the other
     * out, and refills a batch only after the buffer's Accepted says it has read it.
     */
    private final TransitionBatch[] batches = new TransitionBatch[2];
    private int filling;
    private boolean inFlight;
    private ReplayBuffer.Insert waiting;
    private final VectorRollout rollout;
    private final VectorRollout.Acting policy;
    private final VectorRollout.EpisodeEnd recordEpisode;
    private PolicySnapshot snapshot;
    /** The run's env steps when the current policy was made, and this worker's own since then. */
    private long policyEnvStep;
    private long stepsSincePolicy;

    /**
     * A worker that Pekko restarts with fresh environments whenever they throw. Each incarnation
     * reseeds its environments; the episodes a crash cuts off are dropped with the unsent batch, so
     * env steps, episodes and transitions are only ever counted once the replay buffer accepted them,
     * and the supervisor is told how many episodes were cut.
     */
    public static Behavior<Command> create(Config config, Supplier<VectorEnv> envFactory, Acting acting,
                                           PolicySnapshot initial, ActorRef<ReplayBuffer.Command> replay,
                                           ActorRef<RunSupervisor.Command> supervisor) {
        AtomicInteger incarnation = new AtomicInteger();
        Behavior<Command> worker = Behaviors.setup(context -> {
            int n = incarnation.getAndIncrement();
            VectorEnv envs = envFactory.get();
            supervisor.tell(n == 0 ? new RunSupervisor.WorkerUp(context.getSelf(), envs.numEnvs())
                    : new RunSupervisor.WorkerRestarted(config.index(), envs.numEnvs()));
            context.getSelf().tell(new Run());
            return new EnvWorker(context, config, envs, acting, config.seed() + 7919L * n, initial, replay);
        });
        return Behaviors.supervise(worker).onFailure(Exception.class, SupervisorStrategy.restart());
    }

    private EnvWorker(ActorContext<Command> context, Config config, VectorEnv envs, Acting acting, long seed,
                      PolicySnapshot initial, ActorRef<ReplayBuffer.Command> replay) {
        super(context);
        this.envs = envs;
        this.stepsPerMessage = config.stepsPerMessage();
        this.replay = replay;
        this.snapshot = initial;
        for (int b = 0; b < 2; b++) {
            batches[b] = new TransitionBatch(envs.observationSize(), envs.actionSize(), envs.numEnvs() * stepsPerMessage);
        }
        adder = new NStepAdder((o, oo, a, ao, r, d, next, no) -> batches[filling].insert(o, oo, a, ao, r, d, next, no),
                envs.numEnvs(), envs.observationSize(), envs.actionSize(), config.nStep(), config.gamma());
        envs.reset(seed);
        rollout = new VectorRollout(envs);
        // the global step is estimated from this worker's own: workers run at similar speeds
        policyEnvStep = config.startStep();
        // the run's step as the exploration schedule sees it: a lower bound, exact at each new policy
        policy = (obs, count, out) -> acting.act(obs, count, policyEnvStep + stepsSincePolicy, out, snapshot);
        recordEpisode = episodes::add;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Run.class, r -> fill())
                .onMessage(Accepted.class, a -> accepted())
                .onMessage(NewPolicy.class, this::newPolicy)
                .build();
    }

    private Behavior<Command> newPolicy(NewPolicy message) {
        if (message.snapshot().version() > snapshot.version()) {
            snapshot = message.snapshot();
            policyEnvStep = Math.max(policyEnvStep, message.envStep());
            stepsSincePolicy = 0;
        }
        return this;
    }

    /** Fills the free batch with stepsPerMessage vector steps, then sends it or, if the other is still out, waits. */
    private Behavior<Command> fill() {
        TransitionBatch batch = batches[filling];
        batch.clear();
        long actedWith = snapshot.version();
        for (int s = 0; s < stepsPerMessage; s++) {
            rollout.step(policy, adder::add, recordEpisode);
            stepsSincePolicy += envs.numEnvs();
        }
        ReplayBuffer.Insert insert = new ReplayBuffer.Insert(batch, new Rollout((long) envs.numEnvs() * stepsPerMessage,
                episodes.returns(), episodes.lengths(), actedWith), getContext().getSelf());
        episodes.clear();
        filling ^= 1;
        if (inFlight) {
            waiting = insert;
        } else {
            send(insert);
        }
        return this;
    }

    private Behavior<Command> accepted() {
        inFlight = false;
        if (waiting != null) {
            send(waiting);
            waiting = null;
        }
        return this;
    }

    private void send(ReplayBuffer.Insert insert) {
        replay.tell(insert);
        inFlight = true;
        getContext().getSelf().tell(new Run());
    }

    /**
     * What a batch's env steps amounted to: counted by the supervisor only once the replay buffer
     * accepted the batch. Episode i ended with return {@code returns[i]} after {@code lengths[i]}
     * steps; the batch's first step acted with policy version {@code policyVersion}.
     */
    public record Rollout(long envSteps, double[] returns, int[] lengths, long policyVersion) implements CrossJvm {
    }
}
