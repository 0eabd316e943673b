package ai.engram.replay;

/**
 * Reverb's {@code SampleToInsertRatio} rate limiter: keeps the number of sampled transitions per
 * inserted transition near {@code samplesPerInsert}, so the speed of actors and learner never
 * changes the algorithm. With d = inserts * samplesPerInsert - samples, an insert is allowed while
 * it keeps d within {@code minSizeToSample * samplesPerInsert + errorBuffer}, and a sample while it
 * keeps d above {@code minSizeToSample * samplesPerInsert - errorBuffer} (and the table holds at
 * least {@code minSizeToSample} transitions). The side that would break the ratio waits: workers
 * are back-pressured when the learner lags, and the learner waits for data when workers lag.
 *
 * <p>Both sides move in batches. As Reverb, which inserts and samples item by item, a batch goes
 * ahead when its first item keeps the ratio, so it may overshoot by less than its own size; that
 * is what guarantees the two sides can never block each other, whatever the batch sizes, provided
 * the error buffer is at least max(1, samplesPerInsert).
 */
public final class RateLimiter {

    private final double samplesPerInsert;
    private final long minSizeToSample;
    private final double minDiff;
    private final double maxDiff;
    private long inserts;
    private long samples;

    public RateLimiter(double samplesPerInsert, long minSizeToSample, double errorBuffer) {
        if (!(samplesPerInsert > 0) || minSizeToSample < 1 || !(errorBuffer >= 0)) {
            throw new IllegalArgumentException("rate limiter needs samplesPerInsert > 0, minSizeToSample >= 1, errorBuffer >= 0;"
                    + " got " + samplesPerInsert + ", " + minSizeToSample + ", " + errorBuffer);
        }
        if (errorBuffer < Math.max(1, samplesPerInsert)) {
            // a narrower window leaves values of the ratio at which neither side may move
            throw new IllegalArgumentException("errorBuffer " + errorBuffer + " must be at least max(1, samplesPerInsert "
                    + samplesPerInsert + "), or inserts and samples could block each other for good");
        }
        this.samplesPerInsert = samplesPerInsert;
        this.minSizeToSample = minSizeToSample;
        this.minDiff = minSizeToSample * samplesPerInsert - errorBuffer;
        this.maxDiff = minSizeToSample * samplesPerInsert + errorBuffer;
    }

    private double diff() {
        return inserts * samplesPerInsert - samples;
    }

    /** Whether a batch may be inserted: below the minimum size always, then when one more insert keeps the ratio. */
    public boolean canInsert() {
        return inserts < minSizeToSample || diff() + samplesPerInsert <= maxDiff;
    }

    /**
     * Whether a batch may be sampled, given {@code tableSize} stored transitions: as in Reverb, which
     * samples item by item, when at least one more sample keeps the ratio. A batch may then overshoot
     * by less than its size; in exchange inserts and samples can never block each other.
     */
    public boolean canSample(long tableSize) {
        return tableSize >= minSizeToSample && diff() - 1 >= minDiff;
    }

    public void inserted(long count) {
        inserts += count;
    }

    public void sampled(long count) {
        samples += count;
    }

    public long inserts() {
        return inserts;
    }

    public long samples() {
        return samples;
    }

    /** The observed samples per insert so far. */
    public double ratio() {
        return inserts == 0 ? 0 : (double) samples / inserts;
    }

    public State state() {
        return new State(inserts, samples);
    }

    public void restore(State state) {
        inserts = state.inserts();
        samples = state.samples();
    }

    public record State(long inserts, long samples) {
    }
}
