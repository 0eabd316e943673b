package ai.engram.runtime;

import ai.engram.agent.Agent;
import ai.engram.auxiliary.AuxiliaryHost;
import ai.engram.env.Env;
import ai.engram.env.VectorEnv;
import ai.engram.train.Progress;
import ai.engram.train.RunConfig;
import ai.engram.train.RunRecorder;
import ai.engram.train.TrainingLoop;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Central inference (SEED RL, Espeholt et al. 2020) for agents whose acting reads the learner's live
 * state, as NEC's does (its actions look up the differentiable neural dictionaries that every step
 * writes): one actor owns the whole {@link Agent}, acting for every worker, observing its steps and
 * learning, while {@link StepWorker}s only step environments. Each worker message is one step of
 * the run's {@link RunRecorder}, as one vector step is in the single-process loop: so with one
 * worker a run is the single-process run with the same environments, call for call.
 *
 * <p>Worker w owns the run's environment copies {@code w * envsPerWorker ..}, which is how the
 * agent tells their episodes apart. A worker whose environments threw restarts with fresh ones and
 * its episodes under way are cut. Checkpoints are the single-process loop's, without the
 * environments (a resumed run starts new episodes), so either mode resumes the other's run.
 */
public final class CentralAgent extends AbstractBehavior<CentralAgent.Command> {

    /** What the central agent understands. */
    public sealed interface Command permits Started, Stepped, Stop {
    }

    /** Incarnation {@code incarnation} of worker {@code worker} reset its environments to {@code observations}. */
    public record Started(int worker, int incarnation, float[] observations) implements Command, CrossJvm {
    }

    /**
     * Worker {@code worker} stepped its environments with the actions it was sent: copy i got
     * {@code rewards[i]} and {@code nextObservations} (the final one where its episode ended), and
     * now shows {@code observations} (a new episode's first where one ended); the episodes that
     * ended are listed by copy with their returns and lengths.
     */
    public record Stepped(int worker, int incarnation, double[] rewards, boolean[] terminated, boolean[] truncated,
                          float[] nextObservations, float[] observations, int[] endedEnvs, double[] endedReturns,
                          int[] endedLengths) implements Command, CrossJvm {
    }

    /** Stop now (a signal): checkpoint at the end of the next step, then end. */
    record Stop() implements Command {
    }

    /**
     * A run under central inference: {@code agent} built for {@code workers x envsPerWorker}
     * environment copies, each worker's made by {@code workerEnvs}; from {@code resume} when present,
     * stopping with a checkpoint after {@code stopAt} env steps; {@code auxiliary} learners, if any,
     * get their rounds after the agent learned, as in the single-process loop.
     */
    public record Setup(TrainingLoop.RunInfo info, RunConfig run, Agent agent, Env evalEnv,
                        IntFunction<VectorEnv> workerEnvs, int workers, int envsPerWorker,
                        Optional<TrainingLoop.Checkpoint> resume, long stopAt, Progress progress,
                        Optional<AuxiliaryHost> auxiliary, CompletableFuture<TrainingLoop.Outcome> outcome) {

        public Setup {
            int copies = workers * envsPerWorker;
            resume.ifPresent(c -> {
                if (c.loop().episodeReturns().length != copies) {
                    throw new IllegalArgumentException("the checkpoint was written by a run of "
                            + c.loop().episodeReturns().length + " environment copies; this one has " + workers
                            + " workers x " + envsPerWorker + " = " + copies + ": resume with as many copies");
                }
            });
        }
    }

    /** A worker's place in the run: its copies start at {@code base}; what it was last sent to act on. */
    private static final class Slot {
        final ActorRef<StepWorker.Command> worker;
        final int base;
        int incarnation = -1;
        float[] observations;
        double[] actions;

        Slot(ActorRef<StepWorker.Command> worker, int base) {
            this.worker = worker;
            this.base = base;
        }
    }

    private final Setup setup;
    private final Agent agent;
    private final RunRecorder recorder;
    private final Slot[] slots;
    private final int observationSize;
    private final int actionSize;
    private final int totalCopies;
    private boolean stopRequested;
    private int restarts;

    public static Behavior<Command> create(Setup setup) {
        return Behaviors.setup(context -> {
            Agent agent = setup.agent();
            int copies = setup.workers() * setup.envsPerWorker();
            setup.resume().ifPresent(c -> {
                agent.restoreState(c.agentState());
                for (int env = 0; env < copies; env++) {
                    agent.episodeCut(env); // the workers' environments start new episodes
                }
            });
            RunRecorder recorder = new RunRecorder(setup.info(), setup.run(), agent, setup.evalEnv(), setup.progress(),
                    setup.resume().map(TrainingLoop.Checkpoint::loop));
            if (recorder.done()) {
                recorder.close();
                setup.auxiliary().ifPresent(AuxiliaryHost::close);
                setup.outcome().complete(recorder.finish(true));
                return Behaviors.stopped();
            }
            return new CentralAgent(context, setup, recorder);
        });
    }

    private CentralAgent(ActorContext<Command> context, Setup setup, RunRecorder recorder) {
        super(context);
        this.setup = setup;
        this.agent = setup.agent();
        this.recorder = recorder;
        observationSize = setup.evalEnv().observationSize();
        actionSize = setup.evalEnv().actionSpace().flatSize();
        totalCopies = setup.workers() * setup.envsPerWorker();
        recorder.stopAt(setup.stopAt());
        recorder.stopWhen(() -> stopRequested);
        setup.auxiliary().ifPresent(host -> recorder.afterLearn(host::afterLearn));
        slots = new Slot[setup.workers()];
        // worker 0 of a fresh run resets as the single-process loop does; a resumed run's workers start new episodes
        long seed = setup.info().seed() + recorder.envStep();
        for (int w = 0; w < slots.length; w++) {
            int index = w;
            slots[w] = new Slot(context.spawn(StepWorker.create(w, () -> setup.workerEnvs().apply(index),
                    seed + 1_000_003L * w, context.getSelf()), "worker-" + w), w * setup.envsPerWorker());
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Started.class, this::started)
                .onMessage(Stepped.class, this::stepped)
                .onMessage(Stop.class, s -> {
                    stopRequested = true;
                    return this;
                })
                .build();
    }

    private Behavior<Command> started(Started s) {
        Slot slot = slots[s.worker()];
        if (s.incarnation() <= slot.incarnation) {
            return this;
        }
        int copies = s.observations().length / observationSize;
        try {
            if (slot.incarnation >= 0) {
                for (int i = 0; i < copies; i++) {
                    agent.episodeCut(slot.base + i);
                }
                restarts++;
                getContext().getLog().warn("worker {} restarted after its environments threw ({} restarts so far);"
                        + " its {} episodes under way were cut", s.worker(), restarts, copies);
            }
            slot.incarnation = s.incarnation();
            slot.actions = new double[copies * actionSize];
            return act(slot, s.observations());
        } catch (RuntimeException e) {
            return fail(e);
        }
    }

    /** One step of the run: the agent observes the worker's env steps and learns, then acts for it again. */
    private Behavior<Command> stepped(Stepped s) {
        Slot slot = slots[s.worker()];
        if (s.incarnation() != slot.incarnation) {
            return this; // sent by an incarnation that crashed since
        }
        try {
            int copies = s.rewards().length;
            recorder.beginStep(copies);
            for (int i = 0; i < copies; i++) {
                agent.observe(slot.base + i, slot.observations, i * observationSize, slot.actions, i * actionSize,
                        s.rewards()[i], s.nextObservations(), i * observationSize, s.terminated()[i], s.truncated()[i]);
            }
            for (int e = 0; e < s.endedEnvs().length; e++) {
                recorder.episodeEnded(slot.base + s.endedEnvs()[e], s.endedReturns()[e], s.endedLengths()[e]);
            }
            RunRecorder.After after = recorder.endStep(() -> new RunRecorder.EnvSide(new double[totalCopies],
                    new int[totalCopies], null));
            if (after != RunRecorder.After.CONTINUE) {
                close();
                setup.outcome().complete(recorder.finish(after == RunRecorder.After.COMPLETED));
                return Behaviors.stopped();
            }
            return act(slot, s.observations());
        } catch (RuntimeException e) {
            return fail(e);
        }
    }

    private Behavior<Command> act(Slot slot, float[] observations) {
        slot.observations = observations;
        agent.act(observations, observations.length / observationSize, recorder.envStep(), slot.actions);
        slot.worker.tell(new StepWorker.Act(slot.incarnation, slot.actions.clone()));
        return this;
    }

    private void close() {
        recorder.close();
        setup.auxiliary().ifPresent(AuxiliaryHost::close);
    }

    /** The agent threw: the run ends with the error, keeping what was recorded and the last checkpoint. */
    private Behavior<Command> fail(RuntimeException e) {
        close();
        java.nio.file.Path checkpoint = setup.info().directory().resolve("checkpoint");
        setup.outcome().completeExceptionally(new IllegalStateException("the agent failed after " + recorder.envStep()
                + " env steps: " + e.getMessage() + (ai.engram.record.Checkpoints.exists(checkpoint)
                ? "; the last checkpoint in " + checkpoint + " remains" : ""), e));
        return Behaviors.stopped();
    }
}
