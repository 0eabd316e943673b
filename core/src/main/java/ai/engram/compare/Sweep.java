package ai.engram.compare;

import ai.engram.record.Checkpoints;
import ai.engram.record.Completion;
import ai.engram.train.ConsoleProgress;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs every (agent, env, seed) of a sweep as its own {@code engram train} process, {@code jobs} at
 * a time: a crash or a native-memory leak in one run cannot take the others down, and each run is
 * exactly what {@code engram train} would have written. Each child's output goes to
 * {@code <run>/train.log} (appended: a resumed run keeps the log of its first part).
 */
public final class Sweep {

    /** One run of the sweep; {@code settings} are the keys the sweep sets, which an existing run must match. */
    public record Job(String agent, String env, long seed, long totalSteps, Path directory, Map<String, Object> settings) {

        String label() {
            return agent + " on " + env + " seed " + seed;
        }

        Path log() {
            return directory.resolve("train.log");
        }
    }

    /** What the sweep does with a job, decided from its directory before anything starts. */
    public sealed interface Plan {
        Job job();

        /** A new run: nothing recorded yet. */
        record Start(Job job) implements Plan {
        }

        /** A run that was cut after a checkpoint: continued with {@code train --resume}. */
        record Resume(Job job) implements Plan {
        }

        /** A run marked complete. */
        record Skip(Job job) implements Plan {
        }

        /** A directory the sweep must not touch, and why. */
        record Blocked(Job job, String reason) implements Plan {
        }
    }

    /** Decides from the job's directory: never overwrites a recorded run, never resumes a run of other settings. */
    public static Plan plan(Job job) {
        Path dir = job.directory();
        boolean complete = Completion.isMarked(dir);
        boolean checkpointed = Checkpoints.exists(dir.resolve("checkpoint"));
        if (!complete && !checkpointed) {
            return Files.exists(dir.resolve("metrics.csv"))
                    ? new Plan.Blocked(job, dir + " holds a run cut before its first checkpoint (or of an agent that cannot"
                    + " checkpoint): move it away to train it again")
                    : new Plan.Start(job);
        }
        String mismatch = settingsMismatch(job);
        if (mismatch != null) {
            return new Plan.Blocked(job, mismatch);
        }
        return complete ? new Plan.Skip(job) : new Plan.Resume(job);
    }

    private static String settingsMismatch(Job job) {
        Path conf = job.directory().resolve("config.conf");
        Config recorded;
        try {
            recorded = ConfigFactory.parseFile(conf.toFile()).resolve();
        } catch (ConfigException e) {
            return conf + " is missing or unreadable (" + e.getMessage() + "): not a run this sweep can continue";
        }
        for (Map.Entry<String, Object> wanted : job.settings().entrySet()) {
            Object has = recorded.hasPath(wanted.getKey()) ? recorded.getValue(wanted.getKey()).unwrapped() : null;
            if (!sameValue(has, wanted.getValue())) {
                return job.directory() + " was trained with " + wanted.getKey() + " = " + has + ", this sweep asks for "
                        + wanted.getValue() + ": give another --out (recorded runs are never overwritten)";
            }
        }
        return null;
    }

    private static boolean sameValue(Object a, Object b) {
        return a instanceof Number x && b instanceof Number y ? x.doubleValue() == y.doubleValue() : Objects.equals(a, b);
    }

    /** What happened: runs trained to the end, skipped as complete, failed or blocked (one line each), and whether stopped. */
    public record Outcome(int finished, int skipped, List<String> failures, boolean stopped) {
    }

    private final List<String> trainCommand;
    private final PrintWriter out;
    private final Duration statusEvery;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    /** Runs each job to its end, log copied: stop() waits for it so that no child's last lines are lost. */
    private final ExecutorService pool;
    private final Map<Job, AtomicLong> steps = new ConcurrentHashMap<>();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger trained = new AtomicInteger();
    private final long startNanos = System.nanoTime();
    private long totalSteps;
    private int total;

    /**
     * @param trainCommand the command that runs {@code engram} in a new JVM, without arguments
     * @param statusEvery  how often to print the overall progress while runs go
     */
    public Sweep(List<String> trainCommand, int jobs, PrintWriter out, Duration statusEvery) {
        this.trainCommand = List.copyOf(trainCommand);
        this.out = out;
        this.statusEvery = statusEvery;
        this.pool = Executors.newFixedThreadPool(jobs);
    }

    /** Runs the plans to the end (or until {@link #stop()}), reporting as it goes; once per instance. */
    public Outcome run(List<Plan> plans, List<String> sets) {
        total = plans.size();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        int skipped = 0;
        for (Plan plan : plans) {
            Job job = plan.job();
            totalSteps += job.totalSteps();
            steps.put(job, new AtomicLong());
            if (plan instanceof Plan.Skip) {
                steps.get(job).set(job.totalSteps());
                skipped++;
                say("skip " + job.label() + ": complete in " + job.directory());
            } else if (plan instanceof Plan.Blocked b) {
                failures.add(job.label() + ": " + b.reason());
                say("cannot run " + job.label() + ": " + b.reason());
            }
        }
        finished.set(skipped + failures.size());
        ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sweep-status");
            t.setDaemon(true);
            return t;
        });
        status.scheduleAtFixedRate(() -> say(status()), statusEvery.toMillis(), statusEvery.toMillis(), TimeUnit.MILLISECONDS);
        try {
            for (Plan plan : plans) {
                if (plan instanceof Plan.Start || plan instanceof Plan.Resume) {
                    pool.submit(() -> {
                        String failure = runOne(plan, sets);
                        if (failure != null) {
                            failures.add(failure);
                        }
                    });
                }
            }
            pool.shutdown();
            pool.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
        } finally {
            status.shutdownNow();
            pool.shutdownNow();
        }
        return new Outcome(trained.get(), skipped, List.copyOf(failures), stopping.get());
    }

    /** Trains one job in a child process; returns a failure line, or null. */
    private String runOne(Plan plan, List<String> sets) {
        Job job = plan.job();
        if (stopping.get()) {
            return null;
        }
        List<String> command = new ArrayList<>(trainCommand);
        if (plan instanceof Plan.Resume) {
            command.addAll(List.of("train", "--resume", job.directory().toString()));
        } else {
            command.addAll(List.of("train", "--agent", job.agent(), "--env", job.env(), "--seed", Long.toString(job.seed()),
                    "--run-dir", job.directory().toString(), "--set", "total-steps=" + job.totalSteps()));
            sets.forEach(s -> command.addAll(List.of("--set", s)));
        }
        long start = System.nanoTime();
        say((plan instanceof Plan.Resume ? "resume " : "start ") + job.label() + " in " + job.directory());
        int code;
        try {
            Files.createDirectories(job.directory());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putIfAbsent("OMP_NUM_THREADS", "1");
            Process process = builder.start();
            running.add(process);
            try (BufferedReader output = process.inputReader(StandardCharsets.UTF_8);
                 Writer log = Files.newBufferedWriter(job.log(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                         StandardOpenOption.APPEND)) {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    log.write(line + "\n");
                    log.flush();
                    ConsoleProgress.stepIn(line).ifPresent(steps.get(job)::set);
                }
                code = process.waitFor();
            } finally {
                running.remove(process);
            }
        } catch (IOException e) {
            finished.incrementAndGet();
            say("FAILED " + job.label() + ": " + e.getMessage());
            return job.label() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        finished.incrementAndGet();
        String took = minutes(System.nanoTime() - start);
        if (stopping.get()) {
            say("stopped " + job.label() + " after " + took + " (run the sweep again to resume it)");
            return null;
        }
        if (code != 0) {
            String exit = "exit " + code + (code == 137 ? ", killed by SIGKILL: out of memory? (dmesg says; cap each run's"
                    + " heap with ENGRAM_JAVA_OPTS=-Xmx1g, which the sweep passes on)" : "");
            say("FAILED " + job.label() + " (" + exit + ") after " + took + "; log: " + job.log());
            return job.label() + ": " + exit + ", log " + job.log();
        }
        steps.get(job).set(job.totalSteps());
        trained.incrementAndGet();
        say("done " + job.label() + " in " + took + "; " + status());
        return null;
    }

    /** Stops launching runs and sends SIGTERM to the running ones (they checkpoint), then waits for them and their logs. */
    public void stop() {
        stopping.set(true);
        // SIGTERM through the handle: Process.destroy() would also close the pipe we copy the child's last lines from
        running.forEach(p -> p.toHandle().destroy());
        pool.shutdown();
        try {
            pool.awaitTermination(150, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String status() {
        long done = steps.values().stream().mapToLong(AtomicLong::get).sum();
        return String.format(Locale.ROOT, "%d/%d runs finished, %d running; env steps %,d/%,d (%.0f%%); %s elapsed",
                finished.get(), total, running.size(), done, totalSteps, totalSteps == 0 ? 100.0 : 100.0 * done / totalSteps,
                minutes(System.nanoTime() - startNanos));
    }

    private static String minutes(long nanos) {
        long s = TimeUnit.NANOSECONDS.toSeconds(nanos);
        return s >= 60 ? s / 60 + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }

    private synchronized void say(String line) {
        out.println("[sweep] " + line);
        out.flush();
    }
}
