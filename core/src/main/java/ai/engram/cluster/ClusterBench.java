package ai.engram.cluster;

import ai.engram.agent.PolicySnapshot;
import ai.engram.agent.dqn.DqnConfig;
import ai.engram.agent.dqn.DqnNetworks;
import ai.engram.cli.Main;
import ai.engram.config.Presets;
import ai.engram.config.Settings;
import ai.engram.env.Envs;
import ai.engram.env.VectorEnv;
import ai.engram.replay.RateLimiter;
import ai.engram.replay.ReplayTable;
import ai.engram.replay.TransitionBatch;
import ai.engram.replay.UniformSampler;
import ai.engram.runtime.ActorRun;
import ai.engram.runtime.EnvWorker;
import ai.engram.runtime.KryoSerializer;
import ai.engram.runtime.ReplayBuffer;
import ai.engram.runtime.RunSpec;
import ai.engram.runtime.RunSupervisor;
import ai.engram.runtime.WorkerPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * Rollouts of DQN's acting policy (CartPole preset, epsilon-greedy on a fresh network) into a
 * replay buffer that never holds them back, through the cluster protocol: from worker JVMs on
 * loopback, or from the same workers inside the learner's JVM. A new policy version is published
 * every 100 ms; its latency is the time from publishing to the first accepted batch acted with it
 * (an upper bound on its first use: it includes filling and sending that batch).
 */
public final class ClusterBench {

    /** Accepted env steps per second, and the mean and largest publish-to-first-use latency. */
    public record Rollout(double envStepsPerSecond, double meanSnapshotLatencyMs, double maxSnapshotLatencyMs) {
    }

    /** Kryo's cost for one message: bytes on the wire and microseconds to write and read it back. */
    public record Wire(String message, int bytes, double microsToWriteAndRead) {
    }

    private ClusterBench() {
    }

    /** The sink's own tick: publish the next policy version. */
    private record Publish() {
    }

    private static Settings cartPoleDqn() {
        return new Settings(Presets.resolve("dqn", "CartPole-v1", List.of()));
    }

    /**
     * {@code nodes} worker JVMs (or, with {@code nodes} 0, one local pool of {@code localWorkers})
     * of {@code workers} workers x {@code envsPerWorker} envs, against a sink on {@code port}.
     */
    public static Rollout rollout(int nodes, int workers, int envsPerWorker, int stepsPerMessage, int port,
                                  Duration warmup, Duration measure, Path logs) throws Exception {
        Settings settings = cartPoleDqn();
        DqnConfig dqn = DqnConfig.from(settings);
        float[] parameters = DqnNetworks.qNetwork(dqn, 4, 2, 0).snapshot();
        String config = settings.render();
        CompletableFuture<Rollout> result = new CompletableFuture<>();
        int pools = Math.max(1, nodes);
        Behavior<Object> sink = Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            ActorRef<RunSupervisor.Command> self = context.getSelf().narrow();
            context.getSystem().receptionist().tell(Receptionist.register(RunSupervisor.KEY, self));
            ReplayTable table = new ReplayTable(1_000_000, 4, 1, new UniformSampler(0));
            ActorRef<ReplayBuffer.Command> replay = context.spawn(ReplayBuffer.create(table,
                    new RateLimiter(1, 1, 1e18), self, inserted -> 1.0), "replay");
            if (nodes == 0) {
                ActorRef<WorkerPool.Command> pool = context.spawn(WorkerPool.create(workers, stepsPerMessage,
                        w -> VectorEnv.of(() -> Envs.make("CartPole-v1"), envsPerWorker)), "workers");
                self.tell(new RunSupervisor.JoinRequest(pool, workers));
            }
            Set<ActorRef<EnvWorker.Command>> subscribers = new HashSet<>();
            Map<Long, Long> publishedAt = new HashMap<>();
            List<Double> latencies = new ArrayList<>();
            long[] version = {0};
            int[] joined = {0};
            long[] steps = {0};
            long[] measureFrom = {0, 0}; // nanos, steps at the start of the window
            return Behaviors.receive(Object.class)
                    .onMessage(RunSupervisor.JoinRequest.class, j -> {
                        j.pool().tell(new WorkerPool.Start(new RunSpec("dqn", "CartPole-v1", 0, config, joined[0] * workers,
                                0, new PolicySnapshot(0, parameters), replay, self)));
                        if (++joined[0] == pools) {
                            timers.startTimerAtFixedRate(new Publish(), Duration.ofMillis(100));
                            measureFrom[0] = System.nanoTime() + warmup.toNanos();
                        }
                        return Behaviors.same();
                    })
                    .onMessage(RunSupervisor.WorkerUp.class, up -> {
                        subscribers.add(up.worker());
                        return Behaviors.same();
                    })
                    .onMessage(Publish.class, tick -> {
                        PolicySnapshot next = new PolicySnapshot(++version[0], parameters);
                        publishedAt.put(next.version(), System.nanoTime());
                        subscribers.forEach(w -> w.tell(new EnvWorker.NewPolicy(next, steps[0])));
                        return Behaviors.same();
                    })
                    .onMessage(RunSupervisor.Accepted.class, a -> {
                        long now = System.nanoTime();
                        steps[0] += a.rollout().envSteps();
                        Long published = publishedAt.remove(a.rollout().policyVersion());
                        if (published != null && measureFrom[1] > 0) {
                            latencies.add((now - published) / 1e6);
                        }
                        if (measureFrom[0] > 0 && measureFrom[1] == 0 && now >= measureFrom[0]) {
                            measureFrom[1] = steps[0];
                        }
                        if (measureFrom[1] > 0 && now >= measureFrom[0] + measure.toNanos()) {
                            result.complete(new Rollout((steps[0] - measureFrom[1]) / ((now - measureFrom[0]) / 1e9),
                                    latencies.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                                    latencies.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)));
                            return Behaviors.stopped();
                        }
                        return Behaviors.same();
                    })
                    .build();
        }));
        ClusterNode learner = ClusterNode.learner(new ClusterNode.HostPort("127.0.0.1", port), java.util.Optional.empty(),
                java.util.Optional.empty());
        ActorSystem<Object> system = ActorSystem.create(sink, ClusterNode.SYSTEM,
                nodes == 0 ? ActorRun.config(false) : learner.config());
        List<Process> workerJvms = new ArrayList<>();
        try {
            for (int n = 0; n < nodes; n++) {
                workerJvms.add(startWorker(port, workers, envsPerWorker, stepsPerMessage, logs.resolve("worker-" + n + ".log")));
            }
            return result.get(warmup.plus(measure).toSeconds() + 120, TimeUnit.SECONDS);
        } finally {
            workerJvms.forEach(Process::destroy);
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            for (Process p : workerJvms) {
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Process startWorker(int port, int workers, int envsPerWorker, int stepsPerMessage, Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "worker", "--join", "127.0.0.1:" + port,
                "--workers", Integer.toString(workers), "--envs-per-worker", Integer.toString(envsPerWorker),
                "--steps-per-message", Integer.toString(stepsPerMessage));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /** Kryo's bytes and write-and-read time for a transition batch of {@code transitions} and the policy snapshot. */
    public static List<Wire> wire(int transitions, int repeats) throws Exception {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "wire", ActorRun.config(false));
        try {
            KryoSerializer kryo = new KryoSerializer((ExtendedActorSystem) Adapter.toClassic(system));
            TransitionBatch batch = new TransitionBatch(4, 1, transitions);
            float[] obs = {0.01f, -0.2f, 0.03f, 0.4f};
            for (int i = 0; i < transitions; i++) {
                batch.insert(obs, 0, new double[] {i % 2}, 0, 1.0, 0.99, obs, 0);
            }
            Object insert = new ReplayBuffer.Insert(batch, new EnvWorker.Rollout(transitions, new double[] {21},
                    new int[] {21}, 7), Adapter.toTyped(Adapter.toClassic(system).deadLetters()));
            float[] parameters = DqnNetworks.qNetwork(DqnConfig.from(cartPoleDqn()), 4, 2, 0).snapshot();
            Object policy = new EnvWorker.NewPolicy(new PolicySnapshot(7, parameters), 1000);
            return List.of(measure("insert of " + transitions + " transitions", kryo, insert, repeats),
                    measure("policy of " + parameters.length + " parameters", kryo, policy, repeats));
        } finally {
            system.terminate();
        }
    }

    private static Wire measure(String name, KryoSerializer kryo, Object message, int repeats) {
        byte[] bytes = kryo.toBinary(message);
        for (int i = 0; i < repeats; i++) { // warm-up
            kryo.fromBinaryJava(kryo.toBinary(message), null);
        }
        long start = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            kryo.fromBinaryJava(kryo.toBinary(message), null);
        }
        return new Wire(name, bytes.length, (System.nanoTime() - start) / 1e3 / repeats);
    }
}
