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
        assertTrue(limiter.canInsert());
        limiter.inserted(10);
        // d = 20; an insert goes ahead while one more keeps d <= 10 * 2 + 8
        assertTrue(limiter.canInsert());
        limiter.inserted(3);
        assertTrue(limiter.canInsert());
        limiter.inserted(1);
        assertFalse(limiter.canInsert());
        limiter.sampled(2);
        assertTrue(limiter.canInsert());
    }

    /** Batches far larger than the error buffer on both sides: one side can always move. */
    @Test
    void largeBatchesOnBothSidesNeverDeadlock() {
        RateLimiter limiter = new RateLimiter(12.8, 10_000, 256);
        long size = 0;
        for (int round = 0; round < 100_000; round++) {
            boolean insert = limiter.canInsert();
            boolean sample = limiter.canSample(size);
            assertTrue(insert || sample, "deadlock at inserts " + limiter.inserts() + ", samples " + limiter.samples());
            if (insert && (round % 3 != 0 || !sample)) {
                limiter.inserted(64);
                size += 64;
            } else {
                limiter.sampled(128);
            }
        }
        assertEquals(12.8, limiter.ratio(), 0.5);
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
                    if (limiter.canInsert()) {
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
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0.5, 10, 0.5));
        assertTrue(e.getMessage().contains("block each other"), e.getMessage());
    }
}
