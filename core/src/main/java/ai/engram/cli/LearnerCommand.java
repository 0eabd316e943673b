package ai.engram.cli;

import ai.engram.cluster.ClusterNode;
import com.typesafe.config.Config;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code engram learner}: {@code engram train} as the seed node of a cluster: the learner, the
 * replay buffer, the run's supervisor and records, with environment workers joining from other
 * JVMs ({@code engram worker --join}).
 */
@Command(name = "learner", mixinStandardHelpOptions = true,
        description = "Train as the learner node of a cluster: worker nodes (engram worker --join HOST:PORT) bring the"
                + " environments. Same options and run directory as train; --workers adds workers in this JVM too.")
final class LearnerCommand extends TrainCommand {

    @Option(names = "--bind", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:25520",
            description = "Address to listen on and that workers join (default ${DEFAULT-VALUE}).")
    String bind;

    @Mixin
    NodeOptions node;

    @Override
    boolean actorMode() {
        return true;
    }

    @Override
    boolean clusterLearner() {
        return true;
    }

    @Override
    Config actorSystemConfig() {
        try {
            return ClusterNode.learner(ClusterNode.HostPort.parse(bind), node.advertise(), node.tls()).config();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    String resumeCommand(Path dir) {
        return "engram learner --resume " + dir + " --bind " + bind + (node.enabled ? " --tls ..." : "");
    }
}
