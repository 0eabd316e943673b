package ai.engram.auxiliary;

import ai.engram.cli.CliRun;
import java.nio.file.Path;

/** The short CartPole DQN run the auxiliary learners' tests attach to: 3,000 steps, a round every 1,000. */
public final class AttachedRun {

    private AttachedRun() {
    }

    public static CliRun train(Path dir, String modules) {
        return CliRun.of("train", "--agent", "dqn", "--env", "CartPole-v1", "--run-dir", dir.toString(), "--aux", modules,
                "--set", "total-steps=3000", "--set", "aux-every=1000", "--set", "aux-samples=128", "--set", "eval-every=3000",
                "--set", "eval-episodes=1");
    }
}
