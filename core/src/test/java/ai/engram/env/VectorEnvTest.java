package ai.engram.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.env.classic.Acrobot;
import ai.engram.env.classic.CartPole;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorEnvTest {

    /** The vector env must behave exactly as K separate envs with seeds seed + i and manual resets. */
    @Test
    void matchesSeparateEnvsIncludingAutoResetAndFinalObservations() {
        int k = 5;
        VectorEnv vector = VectorEnv.of(CartPole::new, k);
        Env[] single = new Env[k];
        float[][] obs = new float[k][];
        vector.reset(100);
        for (int i = 0; i < k; i++) {
            single[i] = new CartPole();
            obs[i] = single[i].reset(100 + i);
            assertArrayEquals(obs[i], Arrays.copyOfRange(vector.observations(), 4 * i, 4 * i + 4));
        }
        SplittableRandom random = new SplittableRandom(3);
        double[] actions = new double[k];
        int episodesEnded = 0;
        for (int t = 0; t < 400; t++) {
            for (int i = 0; i < k; i++) {
                actions[i] = random.nextInt(2);
            }
            vector.step(actions);
            for (int i = 0; i < k; i++) {
                Env.Step step = single[i].step(actions[i]);
                assertEquals(step.reward(), vector.rewards()[i]);
                assertEquals(step.terminated(), vector.terminated()[i]);
                assertEquals(step.truncated(), vector.truncated()[i]);
                if (step.done()) {
                    episodesEnded++;
                    assertArrayEquals(step.observation(), Arrays.copyOfRange(vector.finalObservations(), 4 * i, 4 * i + 4));
                    float[] next = new float[4];
                    single[i].reset(next, 0);
                    assertArrayEquals(next, Arrays.copyOfRange(vector.observations(), 4 * i, 4 * i + 4));
                } else {
                    assertArrayEquals(step.observation(), Arrays.copyOfRange(vector.observations(), 4 * i, 4 * i + 4));
                }
            }
        }
        assertTrue(episodesEnded > 50, "only " + episodesEnded + " episodes ended");
    }

    @Test
    void steppingAllocatesNothing() {
        VectorEnv vector = VectorEnv.of(Acrobot::new, 16);
        vector.reset(0);
        double[] actions = new double[16];
        for (int t = 0; t < 20_000; t++) { // warm up: let the JIT compile the loop
            actions[t % 16] = t % 3;
            vector.step(actions);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int t = 0; t < 20_000; t++) {
            actions[t % 16] = t % 3;
            vector.step(actions);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 64 * 1024, allocated + " bytes allocated in 320,000 env steps");
    }

    @Test
    void refusesMixedEnvsAndShortActionArrays() {
        assertThrows(IllegalArgumentException.class,
                () -> new VectorEnv(java.util.List.of(new CartPole(), new Acrobot())));
        VectorEnv vector = VectorEnv.of(CartPole::new, 4);
        vector.reset(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vector.step(new double[3]));
        assertTrue(e.getMessage().contains("expected 4"), e.getMessage());
    }
}
