package ai.engram.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar (env steps, episodes, recent return, steps/s, ETA) when the output is a terminal;
 * otherwise one plain line every {@code linePeriodSeconds}, which reads well in a log file.
 */
public final class ConsoleProgress implements Progress {

    private final PrintStream out;
    private final boolean terminal;
    private final double linePeriodSeconds;
    private ProgressBar bar;
    private long totalSteps;
    private long lastLine;

    /** The env step in one of the plain lines this prints, for whoever reads a run's output (a sweep). */
    private static final Pattern STEP_LINE = Pattern.compile("^step (\\d+)/|at step (\\d+) after");

    public static OptionalLong stepIn(String line) {
        Matcher m = STEP_LINE.matcher(line);
        if (!m.find()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(m.group(1) != null ? m.group(1) : m.group(2)));
    }

    public ConsoleProgress(PrintStream out, boolean terminal, double linePeriodSeconds) {
        this.out = out;
        this.terminal = terminal;
        this.linePeriodSeconds = linePeriodSeconds;
    }

    /** A bar if stdout is a terminal, plain lines every 10 s otherwise. */
    public static ConsoleProgress forStdout() {
        return new ConsoleProgress(System.out, System.console() != null, 10);
    }

    @Override
    public void start(long envStep, long totalSteps) {
        this.totalSteps = totalSteps;
        lastLine = System.nanoTime();
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(totalSteps).setUnit(" steps", 1)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed()
                    .startsFrom(envStep, java.time.Duration.ZERO).build();
        }
    }

    @Override
    public void update(long envStep, long episodes, double recentReturn, double evalReturn, double stepsPerSecond) {
        String message = String.format(Locale.ROOT, "episodes %d  return %.1f  eval %.1f", episodes, recentReturn, evalReturn);
        if (bar != null) {
            bar.stepTo(envStep);
            bar.setExtraMessage("  " + message);
        } else if ((System.nanoTime() - lastLine) / 1e9 >= linePeriodSeconds) {
            lastLine = System.nanoTime();
            out.printf(Locale.ROOT, "step %d/%d (%.0f%%)  %s  %.0f steps/s%n", envStep, totalSteps,
                    100.0 * envStep / totalSteps, message, stepsPerSecond);
            out.flush();
        }
    }

    @Override
    public void finish(long envStep, long episodes, boolean completed) {
        if (bar != null) {
            bar.stepTo(envStep);
            bar.close();
            bar = null;
        }
        out.printf(Locale.ROOT, "%s at step %d after %d episodes%n", completed ? "finished" : "stopped", envStep, episodes);
        out.flush();
    }
}
