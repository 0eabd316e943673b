package ai.engram.cli;

import picocli.CommandLine.Command;

@Command(name = "gym-http", mixinStandardHelpOptions = true, description = "stub")
final class BenchGymHttpCommand implements Runnable {
    public void run() {}
}
