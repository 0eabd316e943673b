package ai.engram.runtime;

import ai.engram.agent.PolicySnapshot;
import ai.engram.env.NumpyRandom;
import ai.engram.env.VectorEnv;
import ai.engram.replay.RateLimiter;
import ai.engram.replay.ReplayTable;
import ai.engram.replay.UniformSampler;
import ai.engram.train.VectorRollout;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Rollout throughput through the actor system with a uniformly random policy: N workers of K
 * envs each send their transitions to a replay buffer whose rate limiter never holds inserts back
 * (there is no learner), and a counter measures accepted env steps per second. The baseline is the
 * same VectorEnvs stepped in a plain loop on one thread, with the same random policy and the same
 * n-step adder writing into a replay table.
 */
public final class RolloutBench {

    private RolloutBench() {
    }

    /**
     * What a rollout achieved over the measured window: env steps per second of wall time, and the
     * whole process's CPU time per env step (every thread: workers, replay, dispatcher, GC), the
     * cost that stays comparable when other jobs share the cores.
     */
    public record Rate(double envStepsPerSecond, double cpuNanosPerStep) {
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Env steps accepted into replay, after {@code warmup}, over {@code measure}. */
    public static Rate actors(Supplier<VectorEnv> envs, int workers, int stepsPerMessage, Duration warmup,
                              Duration measure) throws Exception {
        CompletableFuture<Rate> result = new CompletableFuture<>();
        Behavior<RunSupervisor.Command> guardian = Behaviors.setup(context -> {
            VectorEnv probe = envs.get();
            int obsSize = probe.observationSize();
            int actionSize = probe.actionSize();
            probe.close();
            // no learner samples here: an error buffer this wide never holds an insert back
            RateLimiter unlimited = new RateLimiter(1, 1, 1e18);
            ReplayTable table = new ReplayTable(1_000_000, obsSize, actionSize, new UniformSampler(0));
            ActorRef<ReplayBuffer.Command> replay = context.spawn(ReplayBuffer.create(table, unlimited, context.getSelf(),
                    inserted -> 1.0), "replay");
            PolicySnapshot none = new PolicySnapshot(0, new float[0]);
            for (int w = 0; w < workers; w++) {
                NumpyRandom random = new NumpyRandom(w);
                EnvWorker.Acting randomPolicy = (obs, count, step, out, snapshot) -> {
                    for (int i = 0; i < count; i++) {
                        out[i] = random.nextInt(2);
                    }
                };
                context.spawn(EnvWorker.create(new EnvWorker.Config(w, stepsPerMessage, 1, 0.99, w, 0), envs,
                        randomPolicy, none, replay, context.getSelf()), "worker-" + w);
            }
            long start = System.nanoTime();
            long warmEnd = start + warmup.toNanos();
            long end = warmEnd + measure.toNanos();
            long[] stepsAtWarmEnd = {-1};
            long[] cpuAtWarmEnd = {0};
            long[] steps = {0};
            return Behaviors.receive(RunSupervisor.Command.class)
                    .onMessage(RunSupervisor.Accepted.class, a -> {
                        steps[0] += a.rollout().envSteps();
                        long now = System.nanoTime();
                        if (stepsAtWarmEnd[0] < 0 && now >= warmEnd) {
                            stepsAtWarmEnd[0] = steps[0];
                            cpuAtWarmEnd[0] = processCpuNanos();
                        }
                        if (now >= end) {
                            long measured = steps[0] - stepsAtWarmEnd[0];
                            result.complete(new Rate(measured / ((now - warmEnd) / 1e9),
                                    (double) (processCpuNanos() - cpuAtWarmEnd[0]) / measured));
                            return Behaviors.stopped();
                        }
                        return Behaviors.same();
                    })
                    .build();
        });
        ActorSystem<RunSupervisor.Command> system = ActorSystem.create(guardian, "rollout", ActorRun.config(false));
        try {
            return result.get(warmup.plus(measure).toSeconds() + 60, TimeUnit.SECONDS);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** The same work in a plain loop on the calling thread: step, random actions, n-step adder into a table. */
    public static Rate plainLoop(Supplier<VectorEnv> envs, Duration warmup, Duration measure) {
        try (VectorEnv vector = envs.get()) {
            int k = vector.numEnvs();
            int obsSize = vector.observationSize();
            ReplayTable table = new ReplayTable(1_000_000, obsSize, vector.actionSize(), new UniformSampler(0));
            ai.engram.replay.NStepAdder adder = new ai.engram.replay.NStepAdder(table, k, obsSize, vector.actionSize(), 1, 0.99);
            NumpyRandom random = new NumpyRandom(0);
            VectorRollout.Acting randomPolicy = (obs, count, out) -> {
                for (int i = 0; i < count; i++) {
                    out[i] = random.nextInt(2);
                }
            };
            VectorRollout.Observer observer = adder::add;
            VectorRollout.EpisodeEnd ignore = (env, episodeReturn, length) -> { };
            vector.reset(0);
            VectorRollout rollout = new VectorRollout(vector);
            long start = System.nanoTime();
            long warmEnd = start + warmup.toNanos();
            long end = warmEnd + measure.toNanos();
            long steps = 0;
            long stepsAtWarmEnd = -1;
            long cpuAtWarmEnd = 0;
            long now;
            do {
                rollout.step(randomPolicy, observer, ignore);
                steps += k;
                now = System.nanoTime();
                if (stepsAtWarmEnd < 0 && now >= warmEnd) {
                    stepsAtWarmEnd = steps;
                    cpuAtWarmEnd = processCpuNanos();
                }
            } while (now < end);
            long measured = steps - stepsAtWarmEnd;
            return new Rate(measured / ((now - warmEnd) / 1e9), (double) (processCpuNanos() - cpuAtWarmEnd) / measured);
        }
    }
}
