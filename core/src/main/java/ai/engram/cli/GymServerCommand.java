package ai.engram.cli;

import picocli.CommandLine.Command;

@Command(name = "gym-server", mixinStandardHelpOptions = true, description = "stub")
final class GymServerCommand implements Runnable {
    public void run() {}
}
