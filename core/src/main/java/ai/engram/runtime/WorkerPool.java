package ai.engram.runtime;

import ai.engram.agent.dqn.DqnActor;
import ai.engram.agent.dqn.DqnConfig;
import ai.engram.agent.dqn.DqnNetworks;
import ai.engram.config.Settings;
import ai.engram.env.Discrete;
import ai.engram.env.Envs;
import ai.engram.env.VectorEnv;
import ai.engram.train.RunConfig;
import com.typesafe.config.ConfigFactory;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A node's environment workers. Given a {@link RunSpec} it builds each worker's acting policy from
 * the run's configuration (the single-process loop's own {@link DqnActor}) and starts the workers.
 * In one JVM the supervisor hands it the spec; on a worker node it finds the run's supervisor with
 * the receptionist and asks to join, and when the supervisor disappears it ends its actor system,
 * so that `engram worker` joins the next learner (a resumed one) as a new node.
 */
public final class WorkerPool extends AbstractBehavior<WorkerPool.Command> {

    /** What a pool understands. */
    public sealed interface Command permits Start, SupervisorListing {
    }

    /** Start the workers for this run. */
    public record Start(RunSpec spec) implements Command, CrossJvm {
    }

    /** The receptionist's current list of run supervisors (at most one). */
    private record SupervisorListing(Receptionist.Listing listing) implements Command {
    }

    private final int workers;
    private final int stepsPerMessage;
    /** Which environments worker w of a run steps. */
    private final Function<RunSpec, IntFunction<VectorEnv>> envs;
    private ActorRef<RunSupervisor.Command> joined;

    /** A pool that waits for its {@link Start}; worker {@code w} steps {@code envs.apply(w)}. */
    public static Behavior<Command> create(int workers, int stepsPerMessage, IntFunction<VectorEnv> envs) {
        return Behaviors.setup(context -> new WorkerPool(context, workers, stepsPerMessage, spec -> envs));
    }

    /** A pool on a worker node: it finds the run's supervisor itself and asks to join. */
    public static Behavior<Command> joining(int workers, int envsPerWorker, int stepsPerMessage) {
        return Behaviors.setup(context -> {
            ActorRef<Receptionist.Listing> adapter = context.messageAdapter(Receptionist.Listing.class, SupervisorListing::new);
            context.getSystem().receptionist().tell(Receptionist.subscribe(RunSupervisor.KEY, adapter));
            return new WorkerPool(context, workers, stepsPerMessage,
                    spec -> w -> VectorEnv.of(() -> Envs.make(spec.env()), envsPerWorker));
        });
    }

    private WorkerPool(ActorContext<Command> context, int workers, int stepsPerMessage,
                       Function<RunSpec, IntFunction<VectorEnv>> envs) {
        super(context);
        this.workers = workers;
        this.stepsPerMessage = stepsPerMessage;
        this.envs = envs;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Start.class, s -> start(s.spec()))
                .onMessage(SupervisorListing.class, this::listing)
                .build();
    }

    private Behavior<Command> listing(SupervisorListing l) {
        var supervisors = l.listing().getServiceInstances(RunSupervisor.KEY);
        if (joined != null && !supervisors.contains(joined)) {
            // the learner left or stopped answering: this node leaves too, and joins the next learner afresh
            getContext().getLog().warn("the run's supervisor {} is gone; leaving the cluster to join again", joined);
            getContext().getSystem().terminate();
            return Behaviors.stopped();
        }
        if (joined == null && !supervisors.isEmpty()) {
            joined = supervisors.iterator().next();
            joined.tell(new RunSupervisor.JoinRequest(getContext().getSelf(), workers));
        }
        return this;
    }

    private Behavior<Command> start(RunSpec spec) {
        if (!spec.agent().equals("dqn")) {
            throw new IllegalArgumentException("environment workers run DQN only so far, not " + spec.agent());
        }
        Settings settings = new Settings(ConfigFactory.parseString(spec.config()));
        DqnConfig dqn = DqnConfig.from(settings);
        long totalSteps = RunConfig.from(settings).totalSteps();
        IntFunction<VectorEnv> factory = envs.apply(spec);
        int obsSize;
        int actions;
        try (VectorEnv probe = factory.apply(spec.firstIndex())) {
            obsSize = probe.observationSize();
            actions = ((Discrete) probe.actionSpace()).n();
        }
        for (int w = 0; w < workers; w++) {
            int index = spec.firstIndex() + w;
            DqnActor actor = new DqnActor(DqnNetworks.qNetwork(dqn, obsSize, actions, spec.seed()).plainForward(),
                    obsSize, actions, spec.policy(), spec.seed() + 100 + index);
            EnvWorker.Acting acting = (obs, count, step, out, snapshot) -> {
                actor.setSnapshot(snapshot);
                actor.setEpsilon(dqn.epsilon(step, totalSteps));
                actor.act(obs, count, out);
            };
            // workers that join later, or a resumed run's, draw new episodes: their seeds move with the steps done
            EnvWorker.Config config = new EnvWorker.Config(index, stepsPerMessage, dqn.nStep(), dqn.gamma(),
                    spec.seed() + 1000L * (index + 1) + 1_000_003L * spec.startStep(), spec.startStep());
            getContext().spawn(EnvWorker.create(config, () -> factory.apply(index), acting, spec.policy(), spec.replay(),
                    spec.supervisor()), "worker-" + index + "-" + spec.startStep());
        }
        return this;
    }
}
