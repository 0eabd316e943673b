package ai.engram.auxiliary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.agent.LearnerView;
import ai.engram.cli.CliRun;
import ai.engram.nn.Activation;
import ai.engram.nn.Initializer;
import ai.engram.nn.Network;
import ai.engram.replay.ReplayTable;
import ai.engram.replay.UniformSampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuxiliaryHostTest {

    /**
     * A module whose round is held open by the test: every call the learner makes meanwhile returns
     * at once and skips its round (were it to wait, the test would hang), and the next call after
     * the round ends starts the next one with the parameters of that moment.
     */
    @Test
    void aSlowModuleNeverHoldsUpTheLearner(@TempDir Path dir) throws IOException, InterruptedException {
        Network learnerNet = Network.mlp(4, new int[] {8}, 2, Activation.Kind.RELU, false, new Initializer.TorchDefault(), 1);
        ReplayTable table = new ReplayTable(100, 4, 1, new UniformSampler(1));
        for (int i = 0; i < 50; i++) {
            table.insert(new float[] {i, 1, 2, 3}, 0, new double[] {0}, 0, 1, 0.99, new float[4], 0);
        }
        LearnerView view = new LearnerView(
                () -> Network.mlp(4, new int[] {8}, 2, Activation.Kind.RELU, false, new Initializer.TorchDefault(), 0),
                learnerNet::snapshot, table, true);
        AtomicInteger rounds = new AtomicInteger();
        Semaphore entered = new Semaphore(0);
        Semaphore release = new Semaphore(0);
        AuxiliaryLearner slow = new AuxiliaryLearner() {
            public String name() {
                return "slow";
            }

            public boolean changesTraining() {
                return false;
            }

            public List<String> columns() {
                return List.of("env_step", "first_weight", "rows");
            }

            public List<List<Object>> round(Network network, ReplaySample sample, long envStep, Path directory) {
                rounds.incrementAndGet();
                entered.release();
                release.acquireUninterruptibly();
                return List.of(List.of(envStep, network.snapshot()[0], sample.count()));
            }
        };
        AuxiliaryHost host = AuxiliaryHost.of(List.of(slow), view, new Auxiliaries.Config(List.of("slow"), 10, 16), dir, 0);
        for (long step = 1; step <= 100; step++) {
            host.afterLearn(step);
        }
        entered.acquire();
        assertEquals(1, rounds.get());
        assertEquals(9, host.skipped(), "the rounds due at steps 20..100 find the first one running");
        release.release();
        long step = 100;
        do { // due rounds are skipped until the first one has ended, then one starts
            step += 10;
            host.afterLearn(step);
        } while (!entered.tryAcquire(5, TimeUnit.MILLISECONDS));
        release.release();
        host.close();
        List<String> csv = Files.readAllLines(dir.resolve("aux/slow.csv"));
        assertEquals(3, csv.size());
        assertEquals("env_step,first_weight,rows", csv.get(0));
        assertTrue(csv.get(1).startsWith("10,") && csv.get(1).endsWith(",16"), csv.get(1));
        assertEquals(learnerNet.snapshot()[0], Float.parseFloat(csv.get(1).split(",")[1]), 1e-6);
        // the learner moves on while the host's thread enters the round: its step is a due one after the first round, at most the last
        long second = Long.parseLong(csv.get(2).split(",")[0]);
        assertTrue(second > 100 && second <= step && second % 10 == 0, "second round at env step " + second + ", last " + step);
        assertEquals(2, rounds.get());
    }

    @Test
    void anAttachedDqnRunWritesEachModulesCsvAndPicture(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("run");
        CliRun run = AttachedRun.train(dir, "deeplift,tcav");
        assertEquals(0, run.exitCode(), run.err());
        List<String> deeplift = Files.readAllLines(dir.resolve("aux/deeplift.csv"));
        assertEquals("env_step,feature,value_mean_abs_contribution,value_share,preference_mean_abs_contribution,preference_share",
                deeplift.get(0));
        assertEquals(0, (deeplift.size() - 1) % 4, "four CartPole features per round");
        assertTrue(deeplift.size() > 4);
        List<String> tcav = Files.readAllLines(dir.resolve("aux/tcav.csv"));
        assertTrue(tcav.get(0).endsWith("p_value,significant"));
        assertEquals(0, (tcav.size() - 1) % 16, "8 concepts x 2 actions per round");
        assertTrue(Files.size(dir.resolve("aux/deeplift.png")) > 1000 && Files.size(dir.resolve("aux/tcav.png")) > 1000);
        assertTrue(Files.readString(dir.resolve("config.conf")).contains("deeplift"));
    }

    /**
     * In an actor run the supervisor hands each round the policy published by then and a replay
     * sample the buffer draws outside its rate limiter: the rows carry the run's env steps.
     */
    @Test
    void anActorRunHostsThemBesideItsLearner(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("run");
        CliRun run = CliRun.of("train", "--agent", "dqn", "--env", "CartPole-v1", "--run-dir", dir.toString(), "--aux", "deeplift",
                "--workers", "2", "--envs-per-worker", "2", "--set", "total-steps=4000", "--set", "aux-every=1000",
                "--set", "aux-samples=64", "--set", "eval-every=4000", "--set", "eval-episodes=1");
        assertEquals(0, run.exitCode(), run.err());
        List<String> deeplift = Files.readAllLines(dir.resolve("aux/deeplift.csv"));
        assertEquals(0, (deeplift.size() - 1) % 4, "four CartPole features per round");
        List<Long> steps = deeplift.stream().skip(1).map(line -> Long.parseLong(line.split(",")[0])).distinct().toList();
        assertTrue(steps.size() >= 2 && steps.stream().allMatch(step -> step >= 1000 && step <= 4000), steps.toString());
        assertTrue(Files.size(dir.resolve("aux/deeplift.png")) > 1000);
    }

    @Test
    void badAuxiliarySettingsFailBeforeTraining(@TempDir Path tmp) {
        CliRun unknown = CliRun.of("train", "--agent", "dqn", "--env", "CartPole-v1", "--run-dir", tmp.resolve("a").toString(),
                "--aux", "lime");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("'lime' is not one of deeplift, tcav, sharpness"), unknown.err());
        CliRun rl4j = CliRun.of("train", "--agent", "rl4j-dqn", "--env", "CartPole-v1", "--run-dir", tmp.resolve("b").toString(),
                "--aux", "tcav");
        assertEquals(1, rl4j.exitCode());
        assertTrue(rl4j.err().contains("RL4J's DQN runs its own loop"), rl4j.err());
        CliRun nec = CliRun.of("train", "--agent", "nec", "--env", "CartPole-v1", "--run-dir", tmp.resolve("d").toString(),
                "--aux", "tcav", "--workers", "1");
        assertEquals(1, nec.exitCode());
        assertTrue(nec.err().contains("need an agent with a network and a replay table"), nec.err());
        CliRun notAList = CliRun.of("train", "--agent", "dqn", "--env", "CartPole-v1", "--run-dir", tmp.resolve("c").toString(),
                "--set", "aux=deeplift");
        assertEquals(1, notAList.exitCode());
        assertTrue(notAList.err().contains("setting 'aux'"), notAList.err());
    }

    @Test
    void theSupervisedCommandPrintsThePapersTableAndRefusesBadInput(@TempDir Path tmp) {
        CliRun ok = CliRun.of("supervised", "deeplift", "--data", "digits", "--set", "epochs=3", "--set", "hidden=[16]",
                "--out", tmp.toString());
        assertEquals(0, ok.exitCode(), ok.err());
        assertTrue(ok.out().contains("| DeepLIFT Rescale"), ok.out());
        assertEquals(2, CliRun.of("supervised", "shap", "--data", "digits").exitCode());
        assertEquals(2, CliRun.of("supervised", "tcav", "--data", "cifar").exitCode());
        CliRun badValue = CliRun.of("supervised", "calibration", "--data", "digits", "--set", "epochs=0");
        assertEquals(1, badValue.exitCode());
        assertTrue(badValue.err().contains("setting 'epochs'"), badValue.err());
        CliRun unknownKey = CliRun.of("supervised", "tcav", "--data", "digits", "--set", "epochz=3");
        assertEquals(1, unknownKey.exitCode());
        assertTrue(unknownKey.err().contains("unknown setting 'epochz'"), unknownKey.err());
    }
}
