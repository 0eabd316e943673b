package ai.engram.auxiliary;

import ai.engram.agent.Agent;
import ai.engram.agent.LearnerView;
import ai.engram.nn.Network;
import ai.engram.record.CsvLog;
import ai.engram.replay.ReplayTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Runs a single-process run's auxiliary learners on one thread of their own. Every
 * {@code aux-every} env steps the training thread, if the previous round is done, copies the
 * learner's parameters (one array copy) and a uniform sample of replay transitions drawn by the
 * host's own generator (the run's draws stay as they were) and hands them over; otherwise the
 * round is skipped. The learner never waits and the auxiliary thread never reads live state.
 */
public final class AuxiliaryHost implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AuxiliaryHost.class);

    private final List<AuxiliaryLearner> learners;
    private final List<CsvLog> logs = new ArrayList<>();
    private final LearnerView view;
    private final Network network;
    private final Auxiliaries.Config config;
    private final Path directory;
    private final SplittableRandom random;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "engram-aux");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean busy = new AtomicBoolean();
    private long nextRoundAt;
    private long skipped;

    private AuxiliaryHost(List<AuxiliaryLearner> learners, LearnerView view, Supplier<Network> architecture,
                          Auxiliaries.Config config, Path runDirectory, long seed) {
        this.learners = learners;
        this.view = view;
        this.config = config;
        directory = runDirectory.resolve("aux");
        network = architecture.get();
        random = new SplittableRandom(seed);
        nextRoundAt = config.every();
        try {
            java.nio.file.Files.createDirectories(directory);
            for (AuxiliaryLearner learner : learners) {
                // a resumed run appends to what the run wrote before
                Path csv = directory.resolve(learner.name() + ".csv");
                logs.add(new CsvLog(csv, learner.columns(), java.nio.file.Files.exists(csv) ? java.nio.file.Files.size(csv) : 0));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Attaches {@code config}'s modules to {@code agent}, or nothing when it names none. */
    public static Optional<AuxiliaryHost> attach(Auxiliaries.Config config, Agent agent, Path runDirectory, long seed) {
        if (config.modules().isEmpty()) {
            return Optional.empty();
        }
        LearnerView view = agent.learnerView().orElseThrow(() -> new IllegalArgumentException(
                "auxiliary learners need an agent with a network and a replay table (dqn)"));
        return Optional.of(of(create(config, seed), view, config, runDirectory, seed));
    }

    /**
     * Hosts {@code config}'s modules, or nothing when it names none, for a learner that is not on the
     * caller's thread (an actor run's): the caller hands over each round's snapshot and sample
     * through {@link #offer}, and {@link #afterLearn} is not for it.
     */
    public static Optional<AuxiliaryHost> beside(Auxiliaries.Config config, Supplier<Network> architecture,
                                                 Path runDirectory, long seed) {
        if (config.modules().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AuxiliaryHost(checked(create(config, seed)), null, architecture, config, runDirectory, seed));
    }

    private static List<AuxiliaryLearner> create(Auxiliaries.Config config, long seed) {
        return config.modules().stream().map(name -> Auxiliaries.create(name, seed)).toList();
    }

    /** Hosts {@code learners} beside the learner that {@code view} shows. */
    static AuxiliaryHost of(List<AuxiliaryLearner> learners, LearnerView view, Auxiliaries.Config config, Path runDirectory, long seed) {
        return new AuxiliaryHost(checked(learners), view, view.architecture(), config, runDirectory, seed);
    }

    private static List<AuxiliaryLearner> checked(List<AuxiliaryLearner> learners) {
        for (AuxiliaryLearner learner : learners) {
            if (learner.changesTraining()) {
                throw new IllegalArgumentException(learner.name() + " changes training: it acts through the network layer"
                        + " inside the learner, not beside it");
            }
        }
        return learners;
    }

    /** Called by the training loop after the agent learned at {@code envStep}; cheap unless a round is due. */
    public void afterLearn(long envStep) {
        if (view == null) {
            throw new IllegalStateException("this host sits beside an actor run's learner: hand rounds over with offer");
        }
        if (due(envStep) && view.replay().size() > 0) {
            offer(envStep, view.parameters(), () -> AuxiliaryLearner.ReplaySample.draw(view.replay(), config.samples(), view.huberLoss(), random));
        }
    }

    /** Whether a round is due at {@code envStep} ({@code aux-every} env steps after the last); moves the schedule past it. */
    public boolean due(long envStep) {
        if (envStep < nextRoundAt) {
            return false;
        }
        while (nextRoundAt <= envStep) {
            nextRoundAt += config.every();
        }
        return true;
    }

    /**
     * Starts a round on the auxiliary thread with the parameters and sample the suppliers give (called
     * on the caller's thread, only when the round starts), or skips it and returns false when the
     * previous round is still running. What a loop or an actor calls to hand over a snapshot.
     */
    public boolean offer(long envStep, Supplier<float[]> parameters, Supplier<AuxiliaryLearner.ReplaySample> sample) {
        if (!busy.compareAndSet(false, true)) {
            skipped++;
            return false;
        }
        float[] snapshot = parameters.get();
        AuxiliaryLearner.ReplaySample observations = sample.get();
        thread.execute(() -> {
            try {
                network.setParameters(snapshot);
                for (int i = 0; i < learners.size(); i++) {
                    runRound(learners.get(i), logs.get(i), observations, envStep);
                }
            } finally {
                busy.set(false);
            }
        });
        return true;
    }

    private void runRound(AuxiliaryLearner learner, CsvLog log, AuxiliaryLearner.ReplaySample sample, long envStep) {
        try {
            for (List<Object> row : learner.round(network, sample, envStep, directory)) {
                log.row(row.toArray());
            }
            log.flush();
        } catch (RuntimeException e) {
            LOG.warn("auxiliary learner {} failed at env step {}: {}", learner.name(), envStep, e.toString());
        }
    }

    /** Rounds skipped because the previous one was still running. */
    public long skipped() {
        return skipped;
    }

    /** Waits for the round in progress, then closes the CSV files. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.MINUTES)) {
                LOG.warn("an auxiliary round is still running; its rows are lost");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        logs.forEach(CsvLog::close);
    }
}
