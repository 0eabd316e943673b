package ai.engram.runtime;

import ai.engram.agent.Agent;
import ai.engram.agent.Agents;
import ai.engram.agent.dqn.DqnConfig;
import ai.engram.auxiliary.AuxiliaryHost;
import ai.engram.config.Settings;
import ai.engram.env.Env;
import ai.engram.env.Envs;
import ai.engram.env.VectorEnv;
import ai.engram.train.Progress;
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
                      "ai.engram.runtime.WorkerPool$SupervisorListing", "ai.engram.runtime.CentralAgent$Stop",
                      "ai.engram.runtime.ReplayBuffer$SampleObservations", "ai.engram.runtime.RunSupervisor$AuxiliarySample"]
                  }
                }
                """.formatted(serializeEverything ? "on" : "off")).withFallback(ConfigFactory.load());
    }

    /** A run in progress: its outcome, and a way to stop it early (checkpointing first). */
    public record Handle<O>(ActorSystem<?> system, Runnable stop, CompletableFuture<O> outcome) {

        public void requestStop() {
            stop.run();
        }

        /** Waits for the run to end and for the actor system to shut down. */
        public O await(Duration timeout) throws Exception {
            O result = outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return result;
        }
    }

    /**
     * How an agent runs as actors. DQN acts on policy snapshots the learner publishes, so its workers
     * act on their own ({@link RunSupervisor}); an agent whose acting reads the learner's live state
     * (NEC's dictionaries) acts centrally ({@link CentralAgent}).
     */
    public static boolean actsCentrally(String agent) {
        return Agents.names().contains(agent) && !agent.equals("dqn");
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
        if (actsCentrally(info.agent())) {
            throw new IllegalArgumentException(info.agent() + " acts centrally: see centralSetup");
        }
        RunConfig run = RunConfig.from(settings);
        DqnConfig dqn = DqnConfig.from(settings);
        settings.rejectUnread();
        return new RunSupervisor.Setup(info, settings.render(), run, dqn,
                w -> VectorEnv.of(() -> Envs.make(info.env()), envsPerWorker), workers, stepsPerMessage, evalEnv, resume,
                stopAt, new CompletableFuture<>());
    }

    /**
     * A run under central inference from its settings (every setting read, unknown ones refused):
     * {@code workers} workers of {@code envsPerWorker} copies of the run's environment; from
     * {@code resume} when present, stopping with a checkpoint after {@code stopAt} env steps.
     */
    public static CentralAgent.Setup centralSetup(Settings settings, TrainingLoop.RunInfo info, int workers,
                                                  int envsPerWorker, Env evalEnv, Optional<TrainingLoop.Checkpoint> resume,
                                                  long stopAt, Progress progress) {
        RunConfig run = RunConfig.from(settings);
        Agent agent = Agents.create(info.agent(), settings, evalEnv.observationSpace(), evalEnv.actionSpace(),
                workers * envsPerWorker, run.totalSteps(), info.seed());
        settings.rejectUnread();
        return new CentralAgent.Setup(info, run, agent, evalEnv, w -> VectorEnv.of(() -> Envs.make(info.env()), envsPerWorker),
                workers, envsPerWorker, resume, stopAt, progress,
                AuxiliaryHost.attach(run.auxiliary(), agent, info.directory(), info.seed()), new CompletableFuture<>());
    }

    public static Handle<RunSupervisor.Outcome> start(RunSupervisor.Setup setup, boolean serializeEverything) {
        return start(setup, config(serializeEverything));
    }

    /** Starts a run in an actor system with the given settings (a cluster node's, say). */
    public static Handle<RunSupervisor.Outcome> start(RunSupervisor.Setup setup, Config config) {
        ActorSystem<RunSupervisor.Command> system = ActorSystem.create(RunSupervisor.create(setup), "engram", config);
        return new Handle<>(system, () -> system.tell(new RunSupervisor.Stop()), setup.outcome());
    }

    /** Starts a run under central inference. */
    public static Handle<TrainingLoop.Outcome> start(CentralAgent.Setup setup, Config config) {
        ActorSystem<CentralAgent.Command> system = ActorSystem.create(CentralAgent.create(setup), "engram", config);
        return new Handle<>(system, () -> system.tell(new CentralAgent.Stop()), setup.outcome());
    }
}
