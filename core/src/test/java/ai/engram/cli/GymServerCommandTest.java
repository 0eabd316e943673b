package ai.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.env.Env;
import ai.engram.env.Envs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GymServerCommandTest {

    @Test
    void helpExitsZero() {
        CliRun run = CliRun.of("gym-server", "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("--port"), run.out());
    }

    @Test
    void badOptionsExitTwo() {
        assertEquals(2, CliRun.of("gym-server", "--bogus").exitCode());
        assertEquals(2, CliRun.of("gym-server", "--port", "seventy").exitCode());
        CliRun outOfRange = CliRun.of("gym-server", "--port", "70000");
        assertEquals(2, outOfRange.exitCode());
        assertTrue(outOfRange.err().contains("--port must be in 0..65535"), outOfRange.err());
    }

    @Test
    void servesUntilInterruptedAndPrintsItsUrl() throws Exception {
        BlockingQueue<String> lines = new ArrayBlockingQueue<>(16);
        PrintWriter out = new PrintWriter(new LineSink(lines), true);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serving = new Thread(() -> exit.set(Main.run(out, new PrintWriter(new StringWriter()),
                "gym-server", "--port", "0")));
        try {
            serving.start();
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertNotNull(line, "gym-server printed nothing");
            String url = line.substring(line.lastIndexOf(' ') + 1);
            try (Env env = Envs.make("gym:CartPole-v1@" + url)) {
                env.reset(0);
                assertFalse(env.step(1).done());
            }
        } finally {
            serving.interrupt();
            serving.join(10_000);
        }
        assertFalse(serving.isAlive());
        assertEquals(0, exit.get());
    }

    /** Hands over what is printed, line by line. */
    private static final class LineSink extends Writer {
        private final BlockingQueue<String> lines;
        private final StringBuilder line = new StringBuilder();

        LineSink(BlockingQueue<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(char[] chars, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (chars[i] == '\n') {
                    lines.offer(line.toString().strip());
                    line.setLength(0);
                } else {
                    line.append(chars[i]);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
