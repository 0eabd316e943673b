package ai.engram.runtime;

import ai.engram.env.VectorEnv;
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
 * An environment worker under central inference (SEED RL's actor): it holds no policy. It sends
 * its environments' observations to the {@link CentralAgent}, steps them with the actions it gets
 * back, and reports what came of them with the next observations: one message each way per vector
 * step. Pekko restarts it with fresh, reseeded environments when they throw; the central agent then
 * cuts that worker's episodes.
 */
public final class StepWorker extends AbstractBehavior<StepWorker.Command> {

    /** What a step worker understands. */
    public sealed interface Command permits Act {
    }

    /**
     * Step every environment with {@code actions} (envs x action size), chosen for the observations
     * incarnation {@code incarnation} of this worker sent last; an older incarnation's are ignored.
     */
    public record Act(int incarnation, double[] actions) implements Command, CrossJvm {
    }

    private final int index;
    private final int incarnation;
    private final VectorEnv envs;
    private final VectorRollout rollout;
    private final ActorRef<CentralAgent.Command> agent;
    private final double[] rewards;
    private final boolean[] terminated;
    private final boolean[] truncated;
    private final float[] next;
    private final EpisodeLog ended = new EpisodeLog();

    /**
     * Worker {@code index}, whose environments are reset with {@code seed} (plus a stride per
     * incarnation, so a restarted worker does not replay the episodes that crashed it).
     */
    public static Behavior<Command> create(int index, Supplier<VectorEnv> envFactory, long seed,
                                           ActorRef<CentralAgent.Command> agent) {
        AtomicInteger incarnations = new AtomicInteger();
        Behavior<Command> worker = Behaviors.setup(context -> {
            int n = incarnations.getAndIncrement();
            VectorEnv envs = envFactory.get();
            envs.reset(seed + 7919L * n);
            agent.tell(new CentralAgent.Started(index, n, envs.observations().clone()));
            return new StepWorker(context, index, n, envs, agent);
        });
        return Behaviors.supervise(worker).onFailure(Exception.class, SupervisorStrategy.restart());
    }

    private StepWorker(ActorContext<Command> context, int index, int incarnation, VectorEnv envs,
                       ActorRef<CentralAgent.Command> agent) {
        super(context);
        this.index = index;
        this.incarnation = incarnation;
        this.envs = envs;
        this.agent = agent;
        rollout = new VectorRollout(envs);
        int k = envs.numEnvs();
        rewards = new double[k];
        terminated = new boolean[k];
        truncated = new boolean[k];
        next = new float[k * envs.observationSize()];
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Act.class, this::act)
                .onSignal(org.apache.pekko.actor.typed.PostStop.class, s -> {
                    envs.close();
                    return this;
                })
                .onSignal(org.apache.pekko.actor.typed.PreRestart.class, s -> {
                    envs.close();
                    return this;
                })
                .build();
    }

    private Behavior<Command> act(Act message) {
        if (message.incarnation() != incarnation) {
            return this;
        }
        int obsSize = envs.observationSize();
        ended.clear();
        rollout.step((obs, count, actions) -> System.arraycopy(message.actions(), 0, actions, 0, actions.length),
                (env, observation, observationOffset, action, actionOffset, reward, nextObservation, nextOffset,
                 isTerminated, isTruncated) -> {
                    rewards[env] = reward;
                    terminated[env] = isTerminated;
                    truncated[env] = isTruncated;
                    System.arraycopy(nextObservation, nextOffset, next, env * obsSize, obsSize);
                }, ended::add);
        agent.tell(new CentralAgent.Stepped(index, incarnation, rewards.clone(), terminated.clone(), truncated.clone(),
                next.clone(), envs.observations().clone(), ended.envs(), ended.returns(), ended.lengths()));
        return this;
    }
}
