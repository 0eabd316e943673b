package ai.engram.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a long job so that SIGINT or SIGTERM asks it to stop (to checkpoint, to leave a cluster)
 * and the JVM waits for it, up to a bound, before exiting.
 */
final class StopOnSignal {

    private StopOnSignal() {
    }

    static <T> T run(Runnable stop, Duration patience, Supplier<T> job) {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.run();
            try {
                finished.await(patience.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "engram-stop-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return job.get();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting on a signal: the hook is running and now returns
            }
        }
    }
}
