package ai.engram.bench;

import ai.engram.compare.RunLoader;
import ai.engram.config.Presets;
import ai.engram.config.Settings;
import ai.engram.env.Env;
import ai.engram.env.Envs;
import ai.engram.runtime.ActorRun;
import ai.engram.runtime.CentralAgent;
import ai.engram.runtime.RunSupervisor;
import ai.engram.train.Progress;
import ai.engram.train.TrainingLoop;
import ai.engram.train.TrainingRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.DoubleStream;
import java.util.stream.LongStream;

/** One training run of an Engram agent from its preset, without a command line: for benchmarks and tests. */
public final class Training {

    private Training() {
    }

    /** What a finished run's evaluations came to. */
    public record Result(long seed, Path directory, List<Long> evalSteps, List<Double> evalReturns, double seconds) {

        public double finalEval() {
            return evalReturns.get(evalReturns.size() - 1);
        }

        public double bestEval() {
            return evalReturns.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        /** The last evaluation at or before env step {@code step}, or NaN if none was. */
        public double evalAt(long step) {
            double out = Double.NaN;
            for (int i = 0; i < evalSteps.size() && evalSteps.get(i) <= step; i++) {
                out = evalReturns.get(i);
            }
            return out;
        }

        /** The first env step at which an evaluation reached {@code threshold}, or -1. */
        public long firstStepReaching(double threshold) {
            for (int i = 0; i < evalReturns.size(); i++) {
                if (evalReturns.get(i) >= threshold) {
                    return evalSteps.get(i);
                }
            }
            return -1;
        }
    }

    /** Trains {@code agent} on {@code envId} from its preset with {@code overrides}, in {@code directory}. */
    public static Result run(String agent, String envId, long seed, List<String> overrides, Path directory) {
        Settings settings = new Settings(Presets.resolve(agent, envId, overrides));
        long start = System.nanoTime();
        TrainingLoop.RunInfo info = new TrainingLoop.RunInfo(directory.getFileName().toString(), agent, envId, seed, directory);
        try (TrainingRun run = TrainingRun.assemble(settings, info, Progress.SILENT)) {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("config.conf"), settings.render());
            run.loop().run(Optional.empty());
            return read(seed, directory, (System.nanoTime() - start) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #run}, with the agent's pieces as actors: {@code workers} workers of {@code envsPerWorker} envs. */
    public static Result runWithActors(String agent, String envId, long seed, List<String> overrides, Path directory,
                                       int workers, int envsPerWorker) {
        Settings settings = new Settings(Presets.resolve(agent, envId, overrides));
        long start = System.nanoTime();
        TrainingLoop.RunInfo info = new TrainingLoop.RunInfo(directory.getFileName().toString(), agent, envId, seed, directory);
        try (Env evalEnv = Envs.make(envId)) {
            ActorRun.Handle<?> handle;
            if (ActorRun.actsCentrally(agent)) {
                CentralAgent.Setup setup = ActorRun.centralSetup(settings, info, workers, envsPerWorker, evalEnv,
                        Optional.empty(), Long.MAX_VALUE, Progress.SILENT);
                Files.createDirectories(directory);
                handle = ActorRun.start(setup, ActorRun.config(false));
            } else {
                RunSupervisor.Setup setup = ActorRun.dqnSetup(settings, info, workers, envsPerWorker, 8, evalEnv,
                        Optional.empty(), Long.MAX_VALUE);
                Files.createDirectories(directory);
                handle = ActorRun.start(setup, false);
            }
            Files.writeString(directory.resolve("config.conf"), settings.render());
            handle.await(Duration.ofDays(1));
            return read(seed, directory, (System.nanoTime() - start) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("actor run of seed " + seed + " failed: " + e, e);
        }
    }

    private static Result read(long seed, Path directory, double seconds) {
        RunLoader.Evaluations evaluations = RunLoader.evaluations(directory.resolve("metrics.csv"));
        return new Result(seed, directory, LongStream.of(evaluations.steps()).boxed().toList(),
                DoubleStream.of(evaluations.returns()).boxed().toList(), seconds);
    }
}
