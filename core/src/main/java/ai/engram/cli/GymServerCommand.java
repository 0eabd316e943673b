package ai.engram.cli;

import ai.engram.env.Envs;
import ai.engram.env.gym.GymHttpServer;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code engram gym-server}: serves the built-in environments over the gym-http-api protocol until
 * the process is stopped (SIGINT, SIGTERM) or the running thread is interrupted.
 */
@Command(name = "gym-server", mixinStandardHelpOptions = true,
        description = {"Serve the built-in environments over the gym-http-api protocol (openai/gym-http-api) "
                + "until interrupted; prints the URL it listens on.",
                "Clients: Engram's gym:<env-id>@<url> ids, Python's gym_http_client, DL4J's gym-java-client. "
                        + "Reset takes an optional whole-number \"seed\"; a done cut by the time limit carries "
                        + "\"TimeLimit.truncated\": true in its info."})
final class GymServerCommand implements Runnable {

    @Option(names = "--port", defaultValue = "5000",
            description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}, the reference server's).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 lets other machines in (default: ${DEFAULT-VALUE}).")
    String host;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be in 0..65535, got " + port);
        }
        GymHttpServer server = new GymHttpServer(host, port);
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "gym-server-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = spec.commandLine().getOut();
        out.println("gym-server: serving " + String.join(", ", Envs.builtInIds()) + " on " + server.url());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            server.close();
            Thread.currentThread().interrupt();
        }
    }
}
