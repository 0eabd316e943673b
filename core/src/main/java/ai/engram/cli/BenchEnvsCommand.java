package ai.engram.cli;

import picocli.CommandLine.Command;

@Command(name = "envs", mixinStandardHelpOptions = true, description = "stub")
final class BenchEnvsCommand implements Runnable {
    public void run() {}
}
