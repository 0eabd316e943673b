package ai.engram.cli;

import picocli.CommandLine.Option;

/** How a node's environment workers are shaped: environment copies each, and vector steps per message. */
final class WorkerShape {

    @Option(names = "--envs-per-worker", defaultValue = "1", description = "Environment copies per worker (default ${DEFAULT-VALUE}).")
    int envsPerWorker;

    @Option(names = "--steps-per-message", defaultValue = "8",
            description = "Vector steps a worker batches into one message to the replay buffer (default ${DEFAULT-VALUE}).")
    int stepsPerMessage;
}
