package ai.engram.runtime;

import ai.engram.agent.dqn.DqnConfig;
import ai.engram.config.Settings;
import ai.engram.env.Env;
import ai.engram.env.Envs;
import ai.engram.env.VectorEnv;
import ai.engram.train.RunConfig;
import ai.engram.train.TrainingLoop;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Runs a training run as actors in this JVM: an actor system whose guardian is the
 * {@link RunSupervisor}, with every {@link CrossJvm} message bound to the Kryo serializer.
 */
public final class ActorRun {

    private ActorRun() {
    }

    /**
     * Pekko's settings for a run. With {@code serializeEverything} every message is serialized even
     * between actors of one JVM, as it would be between JVMs: what the tests run with.
     */
    public static Config config(boolean serializeEverything) {
        return ConfigFactory.parseString("""
                pekko {
                  loglevel = WARNING
                  stdout-loglevel = WARNING
                  log-dead-letters = off
                  log-dead-letters-during-shutdown = off
                  # engram train handles SIGINT/SIGTERM itself and stops the run through its supervisor
                  coordinated-shutdown.run-by-jvm-shutdown-hook = off
                  actor {
                    serializers { kryo = "ai.engram.runtime.KryoSerializer" }
                    serialization-bindings { "ai.engram.runtime.CrossJvm" = kryo }
                    serialize-messages = %s
                    # local by design: a worker's tick, a signal, and the checkpoint's parts, which never leave the learner's JVM
                    no-serialization-verification-needed-class-prefix = ["ai.engram.runtime.EnvWorker$Run",
                      "ai.engram.runtime.RunSupervisor$Stop", "ai.engram.runtime.RunSupervisor$ReplayFrozen",
                      "ai.engram.runtime.RunSupervisor$LearnerState", "ai.engram.runtime.RunSupervisor$LearnerFailed",
                      "ai.engram.runtime.ReplayBuffer$Freeze", "ai.engram.runtime.ReplayBuffer$Thaw",
                      "ai.engram.runtime.Learner$SaveState", "ai.engram.runtime.RunSupervisor$NodeLost",
                      "ai.engram.runtime.WorkerPool$SupervisorListing"]
                  }
                }
                """.formatted(serializeEverything ? "on" : "off")).withFallback(ConfigFactory.load());
    }

    /** A run in progress: its outcome, and a way to stop it early. */
    public record Handle(ActorSystem<RunSupervisor.Command> system, CompletableFuture<RunSupervisor.Outcome> outcome) {

        public void requestStop() {
            system.tell(new RunSupervisor.Stop());
        }

        /** Waits for the run to end and for the actor system to shut down. */
        public RunSupervisor.Outcome await(Duration timeout) throws Exception {
            RunSupervisor.Outcome result = outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return result;
        }
    }

    /**
     * A DQN run's actors from its settings (every setting read, unknown ones refused): {@code workers}
     * workers of {@code envsPerWorker} copies of the run's environment, each sending
     * {@code stepsPerMessage} vector steps per message; from {@code resume} when present, stopping
     * with a checkpoint after {@code stopAt} env steps.
     */
    public static RunSupervisor.Setup dqnSetup(Settings settings, TrainingLoop.RunInfo info, int workers, int envsPerWorker,
                                               int stepsPerMessage, Env evalEnv, Optional<ActorCheckpoint> resume,
                                               long stopAt) {
        if (!info.agent().equals("dqn")) {
            throw new IllegalArgumentException("the actor runtime runs DQN only so far, not " + info.agent());
        }
        RunConfig run = RunConfig.from(settings);
        DqnConfig dqn = DqnConfig.from(settings);
        settings.rejectUnread();
        return new RunSupervisor.Setup(info, settings.render(), run, dqn,
                w -> VectorEnv.of(() -> Envs.make(info.env()), envsPerWorker), workers, stepsPerMessage, evalEnv, resume,
                stopAt, new CompletableFuture<>());
    }

    public static Handle start(RunSupervisor.Setup setup, boolean serializeEverything) {
        return start(setup, config(serializeEverything));
    }

    /** Starts a run in an actor system with the given settings (a cluster node's, say). */
    public static Handle start(RunSupervisor.Setup setup, Config config) {
        ActorSystem<RunSupervisor.Command> system = ActorSystem.create(RunSupervisor.create(setup), "engram", config);
        return new Handle(system, setup.outcome());
    }
}
