package ai.engram.cli;

import ai.engram.bench.BenchOutput;
import ai.engram.bench.Measurement;
import ai.engram.env.Env;
import ai.engram.env.StepOutcome;
import ai.engram.env.classic.CartPole;
import ai.engram.env.gym.GymHttpEnv;
import ai.engram.env.gym.GymHttpServer;
import ai.engram.thirdparty.gym.Client;
import ai.engram.thirdparty.gym.ClientFactory;
import ai.engram.thirdparty.gym.StepReply;
import ai.engram.thirdparty.gym.space.Box;
import ai.engram.thirdparty.gym.space.DiscreteSpace;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code engram bench gym-http}: CartPole-v1 steps per second over the gym-http-api protocol,
 * against an in-process {@link GymHttpServer} on 127.0.0.1, with Engram's client and with DL4J's
 * gym-java-client. For scale: the reference Python server answers ~740 steps/s per environment over
 * a keep-alive connection.
 */
@Command(name = "gym-http", mixinStandardHelpOptions = true,
        description = {"CartPole-v1 env steps/s over the gym-http-api protocol, against an in-process gym server "
                + "on 127.0.0.1: one env with one keep-alive Engram client (and its latency per step), C concurrent "
                + "clients each with its own env (aggregate), and DL4J's gym-java-client on one env.",
                "Actions come from a balancing controller, so most episodes last the full 500 steps; the time of "
                        + "resets is included."})
final class BenchGymHttpCommand implements Runnable {

    private static final String ENV = CartPole.ID;

    @Option(names = "--steps", defaultValue = "30000",
            description = "Measured steps of each run, split evenly across its clients (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup-seconds", defaultValue = "10",
            description = "Unmeasured stepping before each run: the JIT takes seconds to compile HTTP's many "
                    + "layers, more on a busy machine (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--clients", defaultValue = "8", description = "Concurrent clients of the concurrent run (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--gym-java-client", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also measure DL4J's gym-java-client (loads ND4J, a few seconds; default: ${DEFAULT-VALUE}).")
    boolean gymJavaClient;

    @Option(names = "--json", description = "One JSON object per measurement instead of a table.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (clients <= 0 || steps < clients || !(warmupSeconds >= 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--clients must be positive, --steps at least --clients, --warmup-seconds not negative");
        }
        BenchOutput out = new BenchOutput(System.out, json);
        try (GymHttpServer server = new GymHttpServer(0)) {
            server.start();
            URI url = server.url();
            Supplier<Driver> engram = () -> new EngramDriver(GymHttpEnv.open(ENV, url));
            // The concurrent run first: it warms the server for both single-client runs alike.
            double concurrent = measure(engram, clients);
            report(out, "engram", 1, measure(engram, 1), true);
            report(out, "engram", clients, concurrent, false);
            if (gymJavaClient) {
                report(out, "gym-java-client", 1, measure(() -> new GymJavaClientDriver(url), 1), true);
            }
        }
        out.finish();
    }

    private void report(BenchOutput out, String client, int clientCount, double stepsPerSecond, boolean latency) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("client", client);
        parameters.put("clients", clientCount);
        parameters.put("env", ENV);
        parameters.put("steps", steps);
        out.add(new Measurement("gym-http", parameters, "env_steps_per_s", stepsPerSecond));
        if (latency) {
            out.add(new Measurement("gym-http", parameters, "us_per_step", 1e6 / stepsPerSecond));
        }
    }

    /** Aggregate steps per second of {@code count} clients, each on its own instance, run together. */
    private double measure(Supplier<Driver> drivers, int count) {
        long[] start = new long[1];
        CyclicBarrier ready = new CyclicBarrier(count, () -> start[0] = System.nanoTime());
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                runs.add(pool.submit(() -> {
                    try (Driver driver = drivers.get()) {
                        driver.run(Long.MAX_VALUE, (long) (warmupSeconds * 1e9));
                        ready.await();
                        driver.run(steps / count, Long.MAX_VALUE);
                    } catch (RuntimeException e) {
                        ready.reset(); // the others stop waiting for this client
                        throw e;
                    }
                    return null;
                }));
            }
            Throwable failure = null;
            for (Future<?> run : runs) {
                try {
                    run.get();
                } catch (ExecutionException e) {
                    if (failure == null || failure instanceof BrokenBarrierException) {
                        failure = e.getCause();
                    }
                }
            }
            if (failure != null) {
                throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
            }
            return (double) count * (steps / count) / ((System.nanoTime() - start[0]) * 1e-9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Main.CommandFailure("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One client's CartPole episodes: push towards the side the pole falls to. */
    private abstract static class Driver implements AutoCloseable {
        /** The last observation: x, x_dot, theta, theta_dot. */
        final double[] observation = new double[4];

        abstract void reset();

        /** Steps, updates {@link #observation}, and tells whether the episode ended. */
        abstract boolean step(int action);

        @Override
        public abstract void close();

        /** Steps {@code count} times or for {@code nanos}, whichever ends first. */
        final void run(long count, long nanos) {
            long start = System.nanoTime();
            reset();
            for (long i = 0; i < count && System.nanoTime() - start < nanos; i++) {
                if (step(observation[2] + 0.5 * observation[3] > 0 ? 1 : 0)) {
                    reset();
                }
            }
        }
    }

    private static final class EngramDriver extends Driver {
        private final Env env;
        private final float[] buffer = new float[4];
        private final double[] action = new double[1];
        private final StepOutcome outcome = new StepOutcome();

        EngramDriver(Env env) {
            this.env = env;
        }

        @Override
        void reset() {
            env.reset(buffer, 0);
            copy();
        }

        @Override
        boolean step(int a) {
            action[0] = a;
            env.step(action, 0, buffer, 0, outcome);
            copy();
            return outcome.done();
        }

        private void copy() {
            for (int i = 0; i < 4; i++) {
                observation[i] = buffer[i];
            }
        }

        @Override
        public void close() {
            env.close();
        }
    }

    /** DL4J's client; it cannot close its instance, which the server drops when it stops. */
    private static final class GymJavaClientDriver extends Driver {
        private final Client<Box, Integer, DiscreteSpace> client;

        GymJavaClientDriver(URI url) {
            client = ClientFactory.build(url.toString(), ENV, false);
        }

        @Override
        void reset() {
            System.arraycopy(client.reset().toArray(), 0, observation, 0, 4);
        }

        @Override
        boolean step(int action) {
            StepReply<Box> reply = client.step(action);
            System.arraycopy(reply.getObservation().toArray(), 0, observation, 0, 4);
            return reply.isDone();
        }

        @Override
        public void close() {
        }
    }
}
