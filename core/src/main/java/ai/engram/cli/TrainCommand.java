package ai.engram.cli;

import ai.engram.agent.Agents;
import ai.engram.agent.maml.MamlConfig;
import ai.engram.agent.maml.MamlTrainer;
import ai.engram.agent.rl4j.Rl4jDqnBaseline;
import ai.engram.auxiliary.Auxiliaries;
import ai.engram.config.Presets;
import ai.engram.config.Settings;
import ai.engram.env.Env;
import ai.engram.env.Envs;
import ai.engram.env.tasks.TaskFamilies;
import ai.engram.record.Checkpoints;
import ai.engram.runtime.ActorCheckpoint;
import ai.engram.record.Completion;
import ai.engram.runtime.ActorRun;
import ai.engram.runtime.CentralAgent;
import ai.engram.runtime.EpisodeWorkers;
import ai.engram.runtime.RunSupervisor;
import ai.engram.train.ConsoleProgress;
import ai.engram.train.Progress;
import ai.engram.train.TrainingLoop;
import ai.engram.train.TrainingRun;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code engram train}: train an agent on an environment, writing a run directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train an agent; writes runs/<agent>-<env>-s<seed>-<time>/ with config.conf, metrics.csv,"
                + " learner.csv, checkpoint/, learning-curve.png and, once it trained to the end, the marker 'completed'."
                + " SIGINT or SIGTERM checkpoints before exiting.")
class TrainCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--agent", description = "Agent: ${COMPLETION-CANDIDATES}.", completionCandidates = AgentNames.class)
    String agent;

    @Option(names = "--env", description = "Environment id (see envs list), or gym:<env-id>@<base-url>.")
    String env;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of everything random in the run (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting of the preset (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--run-dir", description = "Write the run here instead of runs/<agent>-<env>-s<seed>-<time>.")
    Path runDir;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR from its last checkpoint.")
    Path resume;

    @Option(names = "--workers", defaultValue = "0",
            description = "Environment workers as actors in this JVM; 0 (the default) runs the single-process loop.")
    int workers;

    @CommandLine.Mixin
    WorkerShape shape;

    @Option(names = "--aux", split = ",", paramLabel = "MODULE",
            description = "Auxiliary learners beside the learner, on their own thread: deeplift, tcav, sharpness, influence; same as --set aux=[...].")
    List<String> aux = new ArrayList<>();

    @Option(names = "--stop-at", paramLabel = "STEPS",
            description = "Checkpoint and stop after this many env steps, or meta-iterations for maml (resume later;"
                    + " the schedules still span total-steps).")
    Long stopAt;

    /** Engram's agents and the RL4J baseline. */
    static final class AgentNames extends ArrayList<String> {
        static final List<String> ALL = java.util.stream.Stream.concat(Agents.names().stream(),
                java.util.stream.Stream.of(Rl4jDqnBaseline.NAME, MamlTrainer.NAME)).toList();

        AgentNames() {
            super(ALL);
        }
    }

    @Override
    public Integer call() {
        if (workers < 0 || shape.envsPerWorker < 1 || shape.stepsPerMessage < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--workers must be >= 0, --envs-per-worker and --steps-per-message >= 1");
        }
        if (stopAt != null && stopAt < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--stop-at must be positive, got " + stopAt);
        }
        if (resume != null && (agent != null || env != null || !sets.isEmpty() || runDir != null || !aux.isEmpty())) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--resume takes the run's own configuration: give no --agent, --env, --set, --aux or --run-dir with it");
        }
        if (resume == null && (agent == null || env == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--agent and --env are required (or --resume RUN_DIR)");
        }
        return resume != null ? resumeRun() : newRun();
    }

    private int newRun() {
        if (!aux.isEmpty()) {
            sets.add("aux=[" + String.join(",", aux) + "]");
        }
        if (workers > 0 && ActorRun.actsCentrally(agent)) {
            // the agent keeps every copy's episode apart: the run's copies are all the workers' (and a
            // single-process resume of this run then steps as many)
            String copies = "num-envs=" + workers * shape.envsPerWorker;
            if (sets.stream().anyMatch(set -> set.startsWith("num-envs=") && !set.equals(copies))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "with --workers, " + agent
                        + "'s environment copies are --workers x --envs-per-worker; drop --set num-envs");
            }
            sets.add(copies);
        }
        Config config = Presets.resolve(agent, env, sets)
                .withValue("agent", ConfigValueFactory.fromAnyRef(agent))
                .withValue("env", ConfigValueFactory.fromAnyRef(env))
                .withValue("seed", ConfigValueFactory.fromAnyRef(seed));
        Path dir = runDir != null ? runDir : Path.of("runs", agent + "-" + safe(env) + "-s" + seed + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        if (Checkpoints.exists(dir.resolve("checkpoint"))) {
            throw new Main.CommandFailure(dir + " already holds a run; continue it with --resume " + dir
                    + " or choose another --run-dir");
        }
        return train(config, dir, Optional.empty());
    }

    private int resumeRun() {
        Path conf = resume.resolve("config.conf");
        if (!Files.isRegularFile(conf)) {
            throw new Main.CommandFailure(resume + " is not a run directory: it has no config.conf");
        }
        if (!Checkpoints.exists(resume.resolve("checkpoint"))) {
            throw new Main.CommandFailure(resume + " has no checkpoint to resume from (the run stopped before its first one)");
        }
        Config config = ConfigFactory.parseFile(conf.toFile()).resolve();
        Object checkpoint = Checkpoints.read(resume.resolve("checkpoint"));
        if (checkpoint instanceof MamlTrainer.Checkpoint c && c.agent().equals(config.getString("agent"))) {
            return trainMaml(new Settings(config), resume, Optional.of(c));
        }
        String agentName = config.getString("agent");
        // DQN's actor runs checkpoint their own way; every other agent's checkpoint is the single-process loop's
        boolean snapshotActors = actorMode() && !ActorRun.actsCentrally(agentName);
        boolean fits = snapshotActors
                ? checkpoint instanceof ActorCheckpoint a && a.agent().equals(agentName)
                : checkpoint instanceof TrainingLoop.Checkpoint c && c.agent().equals(agentName);
        if (!fits) {
            String written = checkpoint instanceof ActorCheckpoint ? "a run of actors: resume it with --workers N"
                    : checkpoint instanceof TrainingLoop.Checkpoint ? "the single-process loop: resume it without --workers"
                    : "something else";
            throw new Main.CommandFailure(resume.resolve("checkpoint") + " is not a checkpoint of this run's agent "
                    + agentName + " in this mode; it was written by " + written);
        }
        return train(config, resume, Optional.of(checkpoint));
    }

    private int train(Config config, Path dir, Optional<Object> checkpoint) {
        Settings settings = new Settings(config);
        if (MamlTrainer.NAME.equals(config.getString("agent"))) {
            return trainMaml(settings, dir, Optional.empty());
        }
        if (TaskFamilies.isFamily(config.getString("env"))) {
            throw new Main.CommandFailure(config.getString("env") + " is a task family (a distribution of environments),"
                    + " for meta-learning: train it with --agent " + MamlTrainer.NAME);
        }
        String agentName = settings.choice("agent", AgentNames.ALL.toArray(String[]::new));
        String envId = config.getString("env");
        settings.choice("env", envId);
        long runSeed = settings.longInteger("seed", 0);
        TrainingLoop.RunInfo info = new TrainingLoop.RunInfo(dir.getFileName().toString(), agentName, envId, runSeed, dir);
        if (agentName.equals(Rl4jDqnBaseline.NAME)) {
            refuseAuxiliaries(settings);
            return trainRl4j(settings, info);
        }
        if (actorMode()) {
            return trainWithActors(settings, info, checkpoint);
        }
        try (TrainingRun run = TrainingRun.assemble(settings, info, progress())) {
            writeConfig(dir, settings, checkpoint.isPresent());
            TrainingLoop loop = run.loop();
            if (stopAt != null) {
                loop.stopAt(stopAt);
            }
            return untilDoneOrSignalled(loop::requestStop,
                    () -> loop.run(checkpoint.map(TrainingLoop.Checkpoint.class::cast)), info, checkpoint.isPresent());
        }
    }

    /** RL4J runs its own loop, which offers auxiliary learners neither a parameter snapshot nor a replay sample. */
    private static void refuseAuxiliaries(Settings settings) {
        List<String> modules = settings.config().hasPath("aux") ? settings.choices("aux", Auxiliaries.names()) : List.of();
        if (!modules.isEmpty()) {
            throw new Main.CommandFailure("auxiliary learners " + modules + " attach to Engram's agents; RL4J's DQN runs"
                    + " its own loop, which cannot host them");
        }
    }

    /**
     * MAML meta-trains on a task family with its own loop (sample tasks, adapt, one TRPO step); with
     * {@code --workers N} the tasks' episodes are collected by N episode workers (actors).
     */
    private int trainMaml(Settings settings, Path dir, Optional<MamlTrainer.Checkpoint> checkpoint) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed.hasMatchedOption("--envs-per-worker") || parsed.hasMatchedOption("--steps-per-message")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--envs-per-worker and --steps-per-message are"
                    + " DQN's; MAML spreads whole tasks over --workers");
        }
        settings.choice("agent", MamlTrainer.NAME);
        String envId = settings.config().getString("env");
        if (!TaskFamilies.isFamily(envId)) {
            throw new Main.CommandFailure(MamlTrainer.NAME + " meta-trains on a task family, one of "
                    + String.join(", ", TaskFamilies.ids()) + "; '" + envId + "' is not one");
        }
        settings.choice("env", envId);
        long runSeed = settings.longInteger("seed", 0);
        MamlConfig config = MamlConfig.from(settings);
        settings.rejectUnread();
        TrainingLoop.RunInfo info = new TrainingLoop.RunInfo(dir.getFileName().toString(), MamlTrainer.NAME, envId, runSeed, dir);
        MamlTrainer trainer = new MamlTrainer(config, envId, runSeed, EpisodeWorkers.forWorkers(workers));
        if (stopAt != null) {
            trainer.stopAt((int) Math.min(stopAt, Integer.MAX_VALUE));
        }
        writeConfig(dir, settings, checkpoint.isPresent());
        PrintWriter out = spec.commandLine().getOut();
        return untilDoneOrSignalled(trainer::requestStop, () -> trainer.run(dir, checkpoint, out), info, checkpoint.isPresent());
    }

    /**
     * The same agent's pieces as actors in this JVM: DQN's workers, replay buffer and learner, or,
     * for an agent that acts centrally (NEC), step workers around one actor that holds the agent.
     */
    private int trainWithActors(Settings settings, TrainingLoop.RunInfo info, Optional<Object> checkpoint) {
        try (Env evalEnv = Envs.make(info.env())) {
            long stop = stopAt == null ? Long.MAX_VALUE : stopAt;
            ActorRun.Handle<?> handle;
            Supplier<TrainingLoop.Outcome> outcome;
            if (ActorRun.actsCentrally(info.agent())) {
                refuseCentrally(info.agent());
                CentralAgent.Setup setup;
                try {
                    setup = ActorRun.centralSetup(settings, info, workers, shape.envsPerWorker, evalEnv,
                            checkpoint.map(TrainingLoop.Checkpoint.class::cast), stop, progress());
                } catch (IllegalArgumentException e) {
                    throw new Main.CommandFailure(e.getMessage(), e);
                }
                writeConfig(info.directory(), settings, checkpoint.isPresent());
                ActorRun.Handle<TrainingLoop.Outcome> central = ActorRun.start(setup, actorSystemConfig());
                handle = central;
                outcome = () -> awaitActors(central);
            } else {
                RunSupervisor.Setup setup = ActorRun.dqnSetup(settings, info, workers, shape.envsPerWorker,
                        shape.stepsPerMessage, evalEnv, checkpoint.map(ActorCheckpoint.class::cast), stop);
                writeConfig(info.directory(), settings, checkpoint.isPresent());
                ActorRun.Handle<RunSupervisor.Outcome> snapshots = ActorRun.start(setup, actorSystemConfig());
                handle = snapshots;
                outcome = () -> awaitActors(snapshots).loop();
            }
            return untilDoneOrSignalled(handle::requestStop, outcome, info, checkpoint.isPresent());
        }
    }

    /** What central inference cannot do yet, refused before the run starts. */
    private void refuseCentrally(String agentName) {
        if (clusterLearner()) {
            throw new Main.CommandFailure(agentName + " acts centrally, in one JVM: train it with engram train --workers N;"
                    + " cluster nodes run dqn");
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--steps-per-message")) {
            throw new Main.CommandFailure("--steps-per-message batches a DQN worker's transitions; " + agentName
                    + " acts centrally, one vector step per message");
        }
    }

    private static <O> O awaitActors(ActorRun.Handle<O> handle) {
        try {
            return handle.await(Duration.ofDays(365));
        } catch (java.util.concurrent.ExecutionException e) {
            throw new Main.CommandFailure(e.getCause().getMessage(), e.getCause());
        } catch (Exception e) {
            throw new Main.CommandFailure("the actor run failed: " + e, e);
        }
    }

    /** RL4J's DQN runs its own loop, watched and recorded by Engram; it has no checkpoints. */
    private int trainRl4j(Settings settings, TrainingLoop.RunInfo info) {
        if (resume != null) {
            throw new Main.CommandFailure("runs of " + Rl4jDqnBaseline.NAME + " cannot be resumed: RL4J cannot save its"
                    + " replay memory and counters");
        }
        Rl4jDqnBaseline baseline = new Rl4jDqnBaseline(settings, info.seed());
        settings.rejectUnread();
        writeConfig(info.directory(), settings, false);
        try (Env evalEnv = Envs.make(info.env())) {
            return untilDoneOrSignalled(baseline::requestStop,
                    () -> baseline.run(info, () -> Envs.make(info.env()), evalEnv, progress()), info, false);
        }
    }

    /**
     * Runs {@code training}; SIGINT or SIGTERM asks it to stop (and checkpoint, where the agent can)
     * and the JVM waits for that before exiting.
     */
    private int untilDoneOrSignalled(Runnable stop, Supplier<TrainingLoop.Outcome> training, TrainingLoop.RunInfo info,
                                     boolean resuming) {
        PrintWriter out = spec.commandLine().getOut();
        return StopOnSignal.run(stop, Duration.ofSeconds(120), () -> {
            out.println((resuming ? "resuming " : "training ") + info.agent() + " on " + info.env()
                    + " (seed " + info.seed() + ") in " + info.directory());
            out.flush();
            TrainingLoop.Outcome outcome = training.get();
            if (outcome.completed()) {
                Completion.mark(info.directory(), outcome.envSteps());
            }
            String stopped = Checkpoints.exists(info.directory().resolve("checkpoint"))
                    ? "stopped (resume with " + resumeCommand(info.directory()) + ")" : "stopped (no checkpoint in this mode)";
            out.printf(Locale.ROOT, "%s: %d env steps, %d episodes, last eval return %.2f%n",
                    outcome.completed() ? "done" : stopped,
                    outcome.envSteps(), outcome.episodes(), outcome.lastEvalReturn());
            out.println("run directory: " + info.directory() + "  (learning curve: "
                    + info.directory().resolve("learning-curve.png") + ")");
            out.flush();
            return 0;
        });
    }

    /** Whether the run's agent runs as actors: with local workers here; always on a learner node. */
    boolean actorMode() {
        return workers > 0;
    }

    /** Whether this is a cluster's learner node, which worker nodes join. */
    boolean clusterLearner() {
        return false;
    }

    /** The actor system's settings in actor mode. */
    Config actorSystemConfig() {
        return ActorRun.config(false);
    }

    String resumeCommand(Path dir) {
        return "engram train --resume " + dir + (workers > 0 ? " --workers " + workers : "");
    }

    private Progress progress() {
        return ConsoleProgress.forStdout();
    }

    private static void writeConfig(Path dir, Settings settings, boolean resuming) {
        try {
            Files.createDirectories(dir);
            Path conf = dir.resolve("config.conf");
            if (!resuming) {
                Files.writeString(conf, "# The resolved configuration of this run (engram train --resume reads it).\n"
                        + settings.render(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + "/config.conf: " + e.getMessage(), e);
        }
    }

    static String safe(String envId) {
        return envId.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
