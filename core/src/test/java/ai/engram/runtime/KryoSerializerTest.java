package ai.engram.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.agent.PolicySnapshot;
import ai.engram.agent.maml.Rollouts;
import ai.engram.env.tasks.Navigation2D;
import ai.engram.replay.ReplayTable;
import ai.engram.replay.TransitionBatch;
import ai.engram.replay.Transitions;
import ai.engram.replay.UniformSampler;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every message type that may cross JVMs survives Kryo, actor references included; other classes are refused. */
class KryoSerializerTest {

    private static final ActorTestKit KIT = ActorTestKit.create(ActorRun.config(true));

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    private static KryoSerializer serializer() {
        return new KryoSerializer((ExtendedActorSystem) Adapter.toClassic(KIT.system()));
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T message) {
        KryoSerializer s = serializer();
        return (T) s.fromBinaryJava(s.toBinary(message), null);
    }

    @Test
    void everyCrossJvmMessageRoundTrips() {
        ActorRef<EnvWorker.Command> worker = KIT.spawn(Behaviors.empty(), "worker");
        ActorRef<Learner.Command> learner = KIT.spawn(Behaviors.empty(), "learner");
        ActorRef<ReplayBuffer.Command> replay = KIT.spawn(Behaviors.empty(), "replay");
        ActorRef<RunSupervisor.Command> supervisor = KIT.spawn(Behaviors.empty(), "supervisor");
        ActorRef<WorkerPool.Command> pool = KIT.spawn(Behaviors.empty(), "pool");
        PolicySnapshot snapshot = new PolicySnapshot(7, new float[] {1.5f, -2f});
        TransitionBatch batch = new TransitionBatch(2, 1, 1);
        batch.insert(new float[] {1, 2}, 0, new double[] {1}, 0, 0.5, 0.99, new float[] {3, 4}, 0);
        batch.insert(new float[] {5, 6}, 0, new double[] {0}, 0, 1.0, 0.0, new float[] {7, 8}, 0);
        Transitions sampled = new Transitions(2, 2, 1);
        new ReplayTable(4, 2, 1, new UniformSampler(0)).insert(new float[] {1, 2}, 0, new double[] {1}, 0, 1, 1,
                new float[] {3, 4}, 0);

        RunSpec spec = new RunSpec("dqn", "CartPole-v1", 3, "gamma = 0.99\n", 4, 1000, snapshot, replay, supervisor);
        List<Object> messages = List.of(new EnvWorker.NewPolicy(snapshot, 640), new EnvWorker.Accepted(),
                new ReplayBuffer.Insert(batch, rollout(), worker), new ReplayBuffer.Sample(32, learner),
                new ReplayBuffer.UpdatePriorities(new int[] {1, 2}, new float[] {0.5f, 1}, 2),
                new Learner.Sampled(sampled, 9), new RunSupervisor.Accepted(rollout(), 64),
                new RunSupervisor.WorkerRestarted(1, 4), new RunSupervisor.PolicyPublished(snapshot),
                new RunSupervisor.LearnerMetrics(100, 0.25, 3.5), rollout(),
                new RunSupervisor.JoinRequest(pool, 2), new RunSupervisor.WorkerUp(worker, 16), new WorkerPool.Start(spec),
                spec, new Learner.Subscribe(worker), new Learner.Unsubscribe(worker), new ReplayBuffer.Forget(worker),
                new CentralAgent.Started(1, 0, new float[] {1, 2}), stepped(), new StepWorker.Act(2, new double[] {1, 0}),
                collect(new Navigation2D.Goal(0.25, -0.5)), new EpisodeWorker.Collected(3, rollouts()),
                new EpisodeWorker.Failed(4, "java.lang.IllegalStateException: boom"));
        for (Object message : messages) {
            Object back = roundTrip(message);
            assertEquals(message.getClass(), back.getClass());
        }
        assertEquals(List.copyOf(KryoSerializer.MESSAGES).stream().filter(c -> CrossJvm.class.isAssignableFrom(c)).count(),
                messages.size(), "a test message for every registered message type");

        ReplayBuffer.Insert insert = roundTrip(new ReplayBuffer.Insert(batch, rollout(), worker));
        assertArrayEquals(new int[] {21, 9}, insert.rollout().lengths());
        assertEquals(worker, insert.replyTo());
        ReplayTable table = new ReplayTable(4, 2, 1, new UniformSampler(0));
        insert.batch().drainInto(table);
        assertArrayEquals(new float[] {1, 2, 5, 6, 0, 0, 0, 0}, table.snapshot().observation());
        assertArrayEquals(new float[] {0.99f, 0f, 0f, 0f}, table.snapshot().discount());
        RunSpec specBack = roundTrip(new WorkerPool.Start(spec)).spec();
        assertEquals(replay, specBack.replay());
        assertEquals(supervisor, specBack.supervisor());
        assertEquals("gamma = 0.99\n", specBack.config());
        PolicySnapshot back = roundTrip(new EnvWorker.NewPolicy(snapshot, 640)).snapshot();
        assertEquals(7, back.version());
        assertArrayEquals(snapshot.parameters(), back.parameters());
        CentralAgent.Stepped steppedBack = roundTrip(stepped());
        assertArrayEquals(new boolean[] {true, false}, steppedBack.terminated());
        assertArrayEquals(new float[] {5, 6, 7, 8}, steppedBack.observations());
        assertArrayEquals(new double[] {12.5}, steppedBack.endedReturns());
    }

    @Test
    void metaLearningTasksTravelWithTheirType() {
        EpisodeWorker.Collect goal = roundTrip(collect(new Navigation2D.Goal(0.25, -0.5)));
        assertEquals(new Navigation2D.Goal(0.25, -0.5), goal.request().task());
        assertArrayEquals(new double[] {0.5, -1}, goal.request().theta());
        assertEquals(20, goal.request().episodes());
        assertEquals(Double.valueOf(9.81), roundTrip(collect(9.81)).request().task(), "a PendulumGravity task is a gravity");
        Rollouts back = roundTrip(new EpisodeWorker.Collected(3, rollouts())).rollouts();
        assertArrayEquals(rollouts().observations(), back.observations());
        assertArrayEquals(rollouts().episodeLengths(), back.episodeLengths());
    }

    private static EpisodeWorker.Collect collect(Object task) {
        return new EpisodeWorker.Collect(2, new Rollouts.Request(task, new double[] {0.5, -1}, 20, 77L),
                KIT.<EpisodeWorker.Reply>spawn(Behaviors.empty()));
    }

    private static Rollouts rollouts() {
        return new Rollouts(2, 2, new double[] {0, 0, 0.1, 0.1}, new double[] {1, 1, -1, 0.5}, new double[] {-0.5, -0.4},
                new int[] {2});
    }

    private static CentralAgent.Stepped stepped() {
        return new CentralAgent.Stepped(1, 3, new double[] {1, 0.5}, new boolean[] {true, false}, new boolean[] {false, false},
                new float[] {1, 2, 3, 4}, new float[] {5, 6, 7, 8}, new int[] {0}, new double[] {12.5}, new int[] {13});
    }

    private static EnvWorker.Rollout rollout() {
        return new EnvWorker.Rollout(64, new double[] {21, 9}, new int[] {21, 9}, 3);
    }

    @Test
    void unregisteredClassesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> serializer().toBinary(new java.util.ArrayList<>(List.of("x"))));
        assertTrue(e.getMessage().contains("Class is not registered"), e.getMessage());
    }
}
