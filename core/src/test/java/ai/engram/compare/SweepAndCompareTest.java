package ai.engram.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.cli.Main;
import ai.engram.record.Completion;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end through the command line: a tiny real sweep (one run cut first, so it is resumed), then its report. */
class SweepAndCompareTest {

    /** Small and fast on both environments: about 1,500 env steps and a few hundred updates per run. */
    private static final List<String> SMALL = List.of("--set", "hidden=[32, 32]", "--set", "batch-size=32",
            "--set", "learning-starts=200", "--set", "train-frequency=4", "--set", "gradient-steps=1",
            "--set", "eval-every=500", "--set", "eval-episodes=2", "--set", "checkpoint-every=500");

    private record Run(int exitCode, String out, String err) {
    }

    private static Run engram(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static List<String> sweep(Path out, String agents, String envs) {
        List<String> args = new ArrayList<>(List.of("sweep", "--agents", agents, "--envs", envs, "--seeds", "2",
                "--steps", "1500", "--jobs", "2", "--out", out.toString()));
        args.addAll(SMALL);
        return args;
    }

    @Test
    void aSweepTrainsSkipsAndResumesThenCompareWritesTheReport(@TempDir Path tmp) throws IOException {
        Path runs = tmp.resolve("runs");
        // seed 1 on CartPole is cut after its first checkpoint, as by Ctrl-C: the sweep must resume it
        List<String> cut = new ArrayList<>(List.of("train", "--agent", "dqn", "--env", "CartPole-v1", "--seed", "1",
                "--run-dir", runs.resolve("dqn-CartPole-v1-s1").toString(), "--set", "total-steps=1500", "--stop-at", "600"));
        cut.addAll(SMALL);
        assertEquals(0, engram(cut).exitCode());
        assertFalse(Completion.isMarked(runs.resolve("dqn-CartPole-v1-s1")));

        Run first = engram(sweep(runs, "dqn", "CartPole-v1,Acrobot-v1"));
        assertEquals(0, first.exitCode(), first.out() + first.err());
        assertTrue(first.out().contains("resume dqn on CartPole-v1 seed 1"), first.out());
        assertTrue(first.out().contains("4/4 runs finished"), first.out());
        for (String run : List.of("dqn-CartPole-v1-s0", "dqn-CartPole-v1-s1", "dqn-Acrobot-v1-s0", "dqn-Acrobot-v1-s1")) {
            assertTrue(Completion.isMarked(runs.resolve(run)), run);
            assertTrue(Files.readString(runs.resolve(run).resolve("train.log")).contains("finished at step 1500"), run);
        }
        Run again = engram(sweep(runs, "dqn", "CartPole-v1,Acrobot-v1"));
        assertTrue(again.out().contains("0 runs trained, 4 already complete, 0 failed"), again.out());
        Run otherSteps = engram(List.of("sweep", "--agents", "dqn", "--envs", "CartPole-v1", "--seeds", "1", "--steps", "3000",
                "--out", runs.toString()));
        assertEquals(1, otherSteps.exitCode());
        assertTrue(otherSteps.out().contains("was trained with total-steps = 1500, this sweep asks for 3000"), otherSteps.out());

        Path broken = FakeRun.write(runs.resolve("broken"), "dqn", "CartPole-v1", 9, new long[] {500}, new double[] {1});
        Files.writeString(broken.resolve("metrics.csv"), "torn line\n", StandardOpenOption.APPEND);
        Path report = tmp.resolve("report");
        Run compare = engram(List.of("compare", runs.toString(), "--out", report.toString(), "--resamples", "500"));
        assertEquals(0, compare.exitCode(), compare.out() + compare.err());
        assertTrue(compare.out().contains("not compared: " + broken.resolve("metrics.csv")), compare.out());
        assertTrue(compare.out().contains("Acrobot-v1   dqn"), compare.out());
        for (String file : Report.FILES) {
            assertTrue(Files.size(report.resolve(file)) > 0, file);
        }
        String html = Files.readString(report.resolve("report.html"));
        assertEquals(2, html.split("src=\"data:image/png;base64,", -1).length - 1, "both figures are embedded");
        assertTrue(html.contains("carried forward") && html.contains(broken.resolve("metrics.csv").toString()));
        List<String> scores = Files.readAllLines(report.resolve("scores.csv"));
        assertEquals("agent,env,seed,env_step,eval_return", scores.get(0));
        assertEquals(1 + 4 * 3, scores.size(), "three evaluations (500, 1000, 1500) of four runs");
        assertTrue(Files.readString(report.resolve("learning-curves.svg")).contains("<svg"));
    }

    @Test
    void unknownAgentsAreBadUsageAndAFailedRunIsReportedWithItsLog(@TempDir Path tmp) throws IOException {
        Run unknown = engram(List.of("sweep", "--agents", "dqn,ppo", "--envs", "CartPole-v1", "--out", tmp.toString()));
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown agent 'ppo'"), unknown.err());
        // DQN cannot act in Pendulum's continuous action space: the child fails at once
        Run failed = engram(List.of("sweep", "--agents", "dqn", "--envs", "Pendulum-v1", "--seeds", "1", "--steps", "100",
                "--out", tmp.toString()));
        assertEquals(1, failed.exitCode());
        Path log = tmp.resolve("dqn-Pendulum-v1-s0/train.log");
        assertTrue(failed.out().contains("failed: dqn on Pendulum-v1 seed 0: exit 1, log " + log), failed.out());
        assertTrue(Files.readString(log).contains("DQN needs a discrete action space"));
        Run nothing = engram(List.of("compare", tmp + "/none-*", "--out", tmp.resolve("r").toString()));
        assertEquals(1, nothing.exitCode());
        assertTrue(nothing.err().contains("no runs to compare: " + tmp + "/none-*: matched nothing"), nothing.err());
    }
}
