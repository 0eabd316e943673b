package ai.engram.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code engram} command. Exit codes: 0 on success, 2 on bad usage, 1 on failure.
 */
@Command(name = "engram", mixinStandardHelpOptions = true, version = "engram 0.1.0",
        description = "A reinforcement-learning agent platform for the JVM.",
        subcommands = {TrainCommand.class, LearnerCommand.class, WorkerCommand.class, MamlEvalCommand.class,
                SweepCommand.class, CompareCommand.class, EnvsCommand.class, GymServerCommand.class, BenchCommand.class,
                SupervisedCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static {
        // JavaCPP measures the process's physical memory on every native allocation to decide when to
        // run the GC; with ND4J's many small allocations that was a tenth of a DQN run. Off unless set.
        if (System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
        }
        // initialize logging before any thread logs, or SLF4J warns about calls it had to replay
        org.slf4j.LoggerFactory.getILoggerFactory();
    }

    /** Runs the command line and returns its exit code, without exiting. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with the given output and error streams and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException
                    || e instanceof CommandFailure || e instanceof IllegalStateException
                    || e instanceof ai.engram.env.gym.GymHttpException) {
                commandLine.getErr().println("engram: " + e.getMessage());
            } else {
                commandLine.getErr().println("engram: " + e);
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    /** A failure the user can act on: printed as one line, exit code 1, no stack trace. */
    public static final class CommandFailure extends RuntimeException {
        public CommandFailure(String message) {
            super(message);
        }

        public CommandFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
