package ai.engram.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void samplingWaitsForTheMinimumSizeThenForData() {
        RateLimiter limiter = new RateLimiter(4, 100, 64);
        limiter.inserted(99);
        assertFalse(limiter.canSample(99));
        limiter.inserted(1);
        assertTrue(limiter.canSample(100));
        // 100 inserts (d = 400) allow 64 samples beyond the minimum's 336; then the learner waits for data
        limiter.sampled(64);
        assertFalse(limiter.canSample(100));
        limiter.inserted(1);
        assertTrue(limiter.canSample(101));
    }

    @Test
    void insertsWaitForALaggingLearner() {
        RateLimiter limiter = new RateLimiter(2, 10, 8);
        assertTrue(limiter.canInsert(10));
        limiter.inserted(10);
        // d = 20; inserts allowed while d stays <= 10 * 2 + 8
        assertTrue(limiter.canInsert(4));
        assertFalse(limiter.canInsert(5));
        limiter.inserted(4);
        assertFalse(limiter.canInsert(1));
        limiter.sampled(2);
        assertTrue(limiter.canInsert(1));
    }

    /** Whichever side runs faster, the observed ratio converges to samples-per-insert. */
    @Test
    void theRatioHoldsWhateverTheRelativeSpeed() {
        for (double actorShare : new double[] {0.05, 0.5, 0.95}) {
            RateLimiter limiter = new RateLimiter(8, 200, 256);
            SplittableRandom random = new SplittableRandom(1);
            long size = 0;
            for (int t = 0; t < 200_000; t++) {
                if (random.nextDouble() < actorShare) {
                    if (limiter.canInsert(1)) {
                        limiter.inserted(1);
                        size++;
                    }
                } else if (limiter.canSample(size)) {
                    limiter.sampled(32);
                }
            }
            double excess = limiter.inserts() * 8.0 - limiter.samples();
            assertTrue(Math.abs(excess) <= 200 * 8 + 256, "actor share " + actorShare + ": " + limiter.ratio());
            assertEquals(8.0, limiter.ratio(), 0.5, "actor share " + actorShare);
        }
    }

    @Test
    void refusesSettingsThatWouldDeadlock() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, 10, 8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RateLimiter(32, 10, 8));
        assertTrue(e.getMessage().contains("block each other"), e.getMessage());
    }
}
