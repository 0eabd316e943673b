package ai.engram.env;

/**
 * numpy's default generator, {@code np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))},
 * which Gymnasium's {@code reset(seed=seed)} seeds. With it a built-in environment reset with seed
 * s starts from exactly the state Gymnasium's does, so runs can be compared draw for draw.
 *
 * <p>PCG64 is a 128-bit LCG with the XSL-RR output function (O'Neill 2014); SeedSequence turns the
 * seed into its initial state and increment by numpy's hash-and-mix rounds. Engram uses it for
 * all its randomness because its whole state is four longs, which checkpoints save and restore.
 * Not thread-safe.
 */
public final class NumpyRandom {

    private static final long MULTIPLIER_HIGH = 0x2360ED051FC65DA4L;
    private static final long MULTIPLIER_LOW = 0x4385DF649FCCF645L;

    private long stateHigh;
    private long stateLow;
    private long incHigh;
    private long incLow;

    /** Seeds as {@code np.random.default_rng(seed)} does, for a non-negative seed. */
    public NumpyRandom(long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException("numpy seeds are non-negative, got " + seed);
        }
        long[] words = SeedSequence.generateState64(seed, 4);
        long initStateHigh = words[0];
        long initStateLow = words[1];
        long initSeqHigh = words[2];
        long initSeqLow = words[3];
        // inc = (initseq << 1) | 1
        incHigh = (initSeqHigh << 1) | (initSeqLow >>> 63);
        incLow = (initSeqLow << 1) | 1L;
        stateHigh = 0;
        stateLow = 0;
        step();
        long low = stateLow + initStateLow;
        stateHigh = stateHigh + initStateHigh + (Long.compareUnsigned(low, stateLow) < 0 ? 1 : 0);
        stateLow = low;
        step();
    }

    private NumpyRandom() {
    }

    /** The generator's whole state: 128-bit state and increment, as four longs. */
    public long[] state() {
        return new long[] {stateHigh, stateLow, incHigh, incLow};
    }

    /** A generator that continues exactly where the one whose {@link #state()} this is stood. */
    public static NumpyRandom fromState(long[] state) {
        if (state.length != 4) {
            throw new IllegalArgumentException("a PCG64 state is 4 longs, got " + state.length);
        }
        NumpyRandom r = new NumpyRandom();
        r.stateHigh = state[0];
        r.stateLow = state[1];
        r.incHigh = state[2];
        r.incLow = state[3];
        return r;
    }

    /** state = state * multiplier + inc, modulo 2^128. */
    private void step() {
        long low = stateLow * MULTIPLIER_LOW;
        long high = unsignedMultiplyHigh(stateLow, MULTIPLIER_LOW) + stateLow * MULTIPLIER_HIGH + stateHigh * MULTIPLIER_LOW;
        long sumLow = low + incLow;
        stateHigh = high + incHigh + (Long.compareUnsigned(sumLow, low) < 0 ? 1 : 0);
        stateLow = sumLow;
    }

    public long nextLong() {
        step();
        return Long.rotateRight(stateHigh ^ stateLow, (int) (stateHigh >>> 58));
    }

    /** numpy's {@code random()}: 53 random bits in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** A uniform whole number in [0, bound), without modulo bias (Lemire's multiply-and-reject). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long threshold = Long.remainderUnsigned(-bound, bound);
        while (true) {
            long x = nextLong();
            long low = x * bound;
            if (Long.compareUnsigned(low, threshold) >= 0) {
                return (int) unsignedMultiplyHigh(x, bound);
            }
        }
    }

    /** numpy's {@code uniform(low, high)}: {@code low + (high - low) * random()}. */
    public double uniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** numpy's {@code SeedSequence} for an integer entropy and no spawn key (pool of four 32-bit words). */
    static final class SeedSequence {
        private static final int POOL_SIZE = 4;
        private static final int INIT_A = 0x43b0d7e5;
        private static final int MULT_A = 0x931e8875;
        private static final int INIT_B = 0x8b51f9dd;
        private static final int MULT_B = 0x58f38ded;
        private static final int MIX_MULT_L = 0xca01f9dd;
        private static final int MIX_MULT_R = 0x4973f715;
        private static final int XSHIFT = 16;

        private SeedSequence() {
        }

        /** {@code SeedSequence(seed).generate_state(n, np.uint64)}. */
        static long[] generateState64(long seed, int n) {
            int[] pool = pool(seed);
            int hash = INIT_B;
            long[] out = new long[n];
            for (int i = 0; i < 2 * n; i++) {
                int value = pool[i % POOL_SIZE];
                value ^= hash;
                hash *= MULT_B;
                value *= hash;
                value ^= value >>> XSHIFT;
                // two 32-bit words make one little-endian 64-bit word
                if (i % 2 == 0) {
                    out[i / 2] = Integer.toUnsignedLong(value);
                } else {
                    out[i / 2] |= Integer.toUnsignedLong(value) << 32;
                }
            }
            return out;
        }

        private static int[] pool(long seed) {
            int[] entropy = seed >>> 32 == 0 ? new int[] {(int) seed} : new int[] {(int) seed, (int) (seed >>> 32)};
            int[] pool = new int[POOL_SIZE];
            int[] hash = {INIT_A};
            for (int i = 0; i < POOL_SIZE; i++) {
                pool[i] = hashMix(i < entropy.length ? entropy[i] : 0, hash);
            }
            for (int src = 0; src < POOL_SIZE; src++) {
                for (int dst = 0; dst < POOL_SIZE; dst++) {
                    if (src != dst) {
                        pool[dst] = mix(pool[dst], hashMix(pool[src], hash));
                    }
                }
            }
            for (int src = POOL_SIZE; src < entropy.length; src++) {
                for (int dst = 0; dst < POOL_SIZE; dst++) {
                    pool[dst] = mix(pool[dst], hashMix(entropy[src], hash));
                }
            }
            return pool;
        }

        private static int hashMix(int value, int[] hash) {
            value ^= hash[0];
            hash[0] *= MULT_A;
            value *= hash[0];
            value ^= value >>> XSHIFT;
            return value;
        }

        private static int mix(int x, int y) {
            int result = MIX_MULT_L * x - MIX_MULT_R * y;
            result ^= result >>> XSHIFT;
            return result;
        }
    }
}
