package ai.engram.cli;

import ai.engram.agent.dqn.DqnAgent;
import ai.engram.agent.dqn.DqnConfig;
import ai.engram.agent.dqn.DqnLearner;
import ai.engram.agent.dqn.DqnNetworks;
import ai.engram.config.Settings;
import ai.engram.nn.Activation;
import ai.engram.nn.Initializer;
import ai.engram.nn.Network;
import ai.engram.nn.SparseForward;
import ai.engram.nn.VariationalDense;
import ai.engram.record.Checkpoints;
import ai.engram.runtime.ActorCheckpoint;
import ai.engram.train.TrainingLoop;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code engram bench sparse-q}: acting speed of a trained sparse-VD Q-network, pruned, against a dense one of its shape. */
@Command(name = "sparse-q", mixinStandardHelpOptions = true,
        description = "Microseconds per action of a DQN run's sparse-VD Q-network (sparse-vd = true) acting from its pruned"
                + " weights, against the dense pass of a Q-network of the same shape, on random observations.")
final class BenchSparseQCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "A run directory of engram train --agent dqn --set sparse-vd=true.")
    Path runDir;

    @Option(names = "--observation-size", defaultValue = "4", description = "The environment's observation size (default ${DEFAULT-VALUE}, CartPole).")
    int observationSize;

    @Option(names = "--actions", defaultValue = "2", description = "The environment's actions (default ${DEFAULT-VALUE}, CartPole).")
    int actions;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(runDir.resolve("config.conf")) || !Checkpoints.exists(runDir.resolve("checkpoint"))) {
            throw new CommandLine.ParameterException(spec.commandLine(), runDir + " holds no config.conf and checkpoint of a run");
        }
        DqnConfig c = DqnConfig.from(new Settings(ConfigFactory.parseFile(runDir.resolve("config.conf").toFile())));
        Object checkpoint = Checkpoints.read(runDir.resolve("checkpoint"));
        // the single-process loop's checkpoint wraps the agent's state; the actor runtime's holds the learner's
        DqnLearner.State learner = checkpoint instanceof TrainingLoop.Checkpoint t && t.agentState() instanceof DqnAgent.State s
                ? s.learner() : checkpoint instanceof ActorCheckpoint a ? a.learner() : null;
        if (!c.sparseVd() || learner == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), runDir + " is not a DQN run with sparse-vd = true");
        }
        Network sparse = DqnNetworks.qNetwork(c, observationSize, actions, 0);
        sparse.setParameters(learner.online());
        SparseForward pruned = new SparseForward(sparse.layers(), sparse.snapshot());
        Network dense = Network.mlp(observationSize, c.hidden(), actions, Activation.Kind.valueOf(c.activation().toUpperCase(Locale.ROOT)),
                false, new Initializer.TorchDefault(), 0);
        float[] denseParameters = dense.snapshot();
        var plain = dense.plainForward();
        int n = 20_000;
        float[] observations = new float[n * observationSize];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < observations.length; i++) {
            observations[i] = (float) (2 * random.nextDouble() - 1);
        }
        double denseUs = micros(i -> plain.apply(denseParameters, observations, i * observationSize)[0], n);
        double sparseUs = micros(i -> pruned.apply(observations, i * observationSize)[0], n);
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "| Q-network | weights kept | us / action |%n| --- | ---: | ---: |%n");
        out.printf(Locale.ROOT, "| dense %s, PlainForward | 100%% | %.2f |%n", java.util.Arrays.toString(c.hidden()), denseUs);
        out.printf(Locale.ROOT, "| sparse VD, pruned, SparseForward | %.2f%% | %.2f |%n", 100 * (1 - VariationalDense.sparsity(sparse)), sparseUs);
        out.flush();
        return 0;
    }

    /** Mean microseconds per call over 5 timed passes after 2 warm-up passes. */
    private static double micros(java.util.function.IntToDoubleFunction act, int n) {
        double sink = 0;
        long start = 0;
        for (int pass = 0; pass < 7; pass++) {
            if (pass == 2) {
                start = System.nanoTime();
            }
            for (int i = 0; i < n; i++) {
                sink += act.applyAsDouble(i);
            }
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("a Q-value was NaN");
        }
        return (System.nanoTime() - start) / 1e3 / (5.0 * n);
    }
}
