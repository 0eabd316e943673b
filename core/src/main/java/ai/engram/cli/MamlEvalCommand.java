package ai.engram.cli;

import ai.engram.agent.maml.MamlEvaluation;
import ai.engram.runtime.EpisodeWorkers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code engram maml-eval RUN_DIR}: the adaptation table of a meta-trained run. */
@Command(name = "maml-eval", mixinStandardHelpOptions = true,
        description = "Adapt a meta-trained MAML policy to the fixed test tasks for 0..eval-steps steps, beside a policy"
                + " pretrained on all tasks jointly and the random initialization; prints the table and writes"
                + " RUN_DIR/maml-eval.csv and RUN_DIR/maml-eval.png.")
final class MamlEvalCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "A run directory of engram train --agent maml.")
    Path runDir;

    @Option(names = "--workers", defaultValue = "0",
            description = "Episode workers (actors in this JVM) collecting the tasks' episodes; 0 (the default) collects in a plain loop.")
    int workers;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Change how the run is evaluated: test-tasks, eval-steps, eval-episodes, eval-later-step-scale or"
                    + " pretrain-iterations (the training settings stay the run's own).")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        if (workers < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers must be >= 0, got " + workers);
        }
        MamlEvaluation.run(runDir, overrides, EpisodeWorkers.forWorkers(workers), spec.commandLine().getOut());
        return 0;
    }
}
