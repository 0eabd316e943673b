package ai.engram.cli;

import ai.engram.bench.BenchOutput;
import ai.engram.bench.Measurement;
import ai.engram.env.Envs;
import ai.engram.env.VectorEnv;
import ai.engram.runtime.RolloutBench;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code engram bench rollout}: env steps per second through the actor system, against a plain loop. */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Random-policy CartPole rollouts through the actor system (workers x envs, transitions into a"
                + " replay buffer), against the same VectorEnv work in a plain loop on one thread.")
final class BenchRolloutCommand implements Callable<Integer> {

    @Option(names = "--workers", split = ",", defaultValue = "1,2", description = "Worker counts (default ${DEFAULT-VALUE}).")
    List<Integer> workers;

    @Option(names = "--envs-per-worker", split = ",", defaultValue = "1,16,64",
            description = "Envs per worker (default ${DEFAULT-VALUE}).")
    List<Integer> envsPerWorker;

    @Option(names = "--steps-per-message", defaultValue = "64",
            description = "Vector steps per message to the replay buffer (default ${DEFAULT-VALUE}).")
    int stepsPerMessage;

    @Option(names = "--seconds", defaultValue = "3", description = "Measured seconds per case, after as long a warm-up (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--json", description = "One JSON object per measurement instead of a table.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (seconds <= 0 || stepsPerMessage < 1 || workers.stream().anyMatch(w -> w < 1)
                || envsPerWorker.stream().anyMatch(k -> k < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "every count and --seconds must be positive");
        }
        Duration measure = Duration.ofMillis((long) (seconds * 1000));
        BenchOutput output = new BenchOutput(new java.io.PrintStream(System.out, true), json);
        for (int k : envsPerWorker) {
            add(output, "plain-loop", 1, k, RolloutBench.plainLoop(() -> cartPoles(k), measure, measure));
            for (int w : workers) {
                add(output, "actors", w, k, RolloutBench.actors(() -> cartPoles(k), w, stepsPerMessage, measure, measure));
            }
        }
        output.finish();
        return 0;
    }

    private static VectorEnv cartPoles(int k) {
        return VectorEnv.of(() -> Envs.make("CartPole-v1"), k);
    }

    /** Throughput, and CPU time per env step: the cost that stays comparable on a shared machine. */
    private void add(BenchOutput output, String mode, int workerCount, int envs, RolloutBench.Rate rate) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("mode", mode);
        p.put("workers", workerCount);
        p.put("envs_per_worker", envs);
        p.put("steps_per_message", mode.equals("actors") ? stepsPerMessage : 0);
        output.add(new Measurement("rollout", p, "env_steps_per_s", rate.envStepsPerSecond()));
        output.add(new Measurement("rollout", p, "cpu_ns_per_step", rate.cpuNanosPerStep()));
    }
}
