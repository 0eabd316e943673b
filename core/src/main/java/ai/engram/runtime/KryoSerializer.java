package ai.engram.runtime;

import ai.engram.agent.PolicySnapshot;
import ai.engram.agent.maml.Rollouts;
import ai.engram.env.tasks.Navigation2D;
import ai.engram.nn.Adam;
import ai.engram.replay.TransitionBatch;
import ai.engram.replay.Transitions;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.JSerializer;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Pekko's serializer for every {@link CrossJvm} message: Kryo with registration required, so a
 * class missing from {@link #MESSAGES} is refused instead of being written by name. Actor
 * references travel as Pekko's own serialized form. One Kryo per thread (Kryo is not thread-safe).
 */
public final class KryoSerializer extends JSerializer {

    /** Every class that may appear in a message, in a fixed order: the order is the wire format. */
    static final List<Class<?>> MESSAGES = List.of(
            EnvWorker.NewPolicy.class, EnvWorker.Accepted.class,
            ReplayBuffer.Insert.class, ReplayBuffer.Sample.class, ReplayBuffer.UpdatePriorities.class,
            Learner.Sampled.class,
            RunSupervisor.Accepted.class, RunSupervisor.WorkerRestarted.class, RunSupervisor.PolicyPublished.class,
            RunSupervisor.LearnerMetrics.class, EnvWorker.Rollout.class,
            PolicySnapshot.class, TransitionBatch.class, Transitions.class, Adam.State.class,
            RunSupervisor.JoinRequest.class, RunSupervisor.WorkerUp.class, WorkerPool.Start.class, RunSpec.class,
            Learner.Subscribe.class, Learner.Unsubscribe.class, ReplayBuffer.Forget.class,
            CentralAgent.Started.class, CentralAgent.Stepped.class, StepWorker.Act.class,
            EpisodeWorker.Collect.class, EpisodeWorker.Collected.class, EpisodeWorker.Failed.class, Rollouts.Request.class,
            Rollouts.class, Navigation2D.Goal.class);

    /** The class of every typed actor reference, local or remote: Pekko's adapter of a classic reference. */
    private static final Class<?> ACTOR_REF_CLASS;

    static {
        try {
            ACTOR_REF_CLASS = Class.forName("org.apache.pekko.actor.typed.internal.adapter.ActorRefAdapter");
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ActorRefResolver resolver;
    private final ThreadLocal<Kryo> kryo;

    public KryoSerializer(ExtendedActorSystem system) {
        resolver = ActorRefResolver.get(Adapter.toTyped(system));
        kryo = ThreadLocal.withInitial(this::newKryo);
    }

    private Kryo newKryo() {
        Kryo k = new Kryo();
        k.setRegistrationRequired(true);
        k.setReferences(false);
        k.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        for (Class<?> type : List.of(float[].class, double[].class, int[].class, long[].class, boolean[].class,
                String.class)) {
            k.register(type);
        }
        k.addDefaultSerializer(ActorRef.class, new ActorRefSerializer());
        k.register(ACTOR_REF_CLASS, new ActorRefSerializer());
        for (Class<?> type : MESSAGES) {
            k.register(type);
        }
        return k;
    }

    /** Actor references, as the string Pekko resolves back to a reference on the receiving side. */
    private final class ActorRefSerializer extends Serializer<ActorRef<?>> {
        @Override
        public void write(Kryo k, Output output, ActorRef<?> ref) {
            output.writeString(resolver.toSerializationFormat(ref));
        }

        @Override
        public ActorRef<?> read(Kryo k, Input input, Class<? extends ActorRef<?>> type) {
            return resolver.resolveActorRef(input.readString());
        }
    }

    @Override
    public int identifier() {
        return 7_231_001;
    }

    @Override
    public boolean includeManifest() {
        return false;
    }

    @Override
    public byte[] toBinary(Object message) {
        Output output = new Output(4096, -1);
        kryo.get().writeClassAndObject(output, message);
        return output.toBytes();
    }

    @Override
    public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
        return kryo.get().readClassAndObject(new Input(bytes));
    }
}
