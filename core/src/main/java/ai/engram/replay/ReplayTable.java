package ai.engram.replay;

/**
 * The replay storage (Reverb's table): a ring of transitions in primitive arrays. When full, the
 * oldest transition is overwritten (first in, first out: Reverb's FIFO remover). Which rows are
 * read is the {@link Sampler}'s business; the table only stores, and tells the sampler about
 * every insert.
 */
public final class ReplayTable implements TransitionSink {

    private final int capacity;
    private final int observationSize;
    private final int actionSize;
    private final float[] observation;
    private final double[] action;
    private final float[] reward;
    private final float[] discount;
    private final float[] nextObservation;
    private final Sampler sampler;
    private int next;
    private int size;
    private long inserted;

    public ReplayTable(int capacity, int observationSize, int actionSize, Sampler sampler) {
        if (capacity < 1) {
            throw new IllegalArgumentException("replay capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.observationSize = observationSize;
        this.actionSize = actionSize;
        this.sampler = sampler;
        observation = new float[capacity * observationSize];
        action = new double[capacity * actionSize];
        reward = new float[capacity];
        discount = new float[capacity];
        nextObservation = new float[capacity * observationSize];
    }

    @Override
    public void insert(float[] obs, int obsOffset, double[] act, int actOffset, double r, double d,
                       float[] nextObs, int nextObsOffset) {
        int row = next;
        System.arraycopy(obs, obsOffset, observation, row * observationSize, observationSize);
        System.arraycopy(act, actOffset, action, row * actionSize, actionSize);
        reward[row] = (float) r;
        discount[row] = (float) d;
        System.arraycopy(nextObs, nextObsOffset, nextObservation, row * observationSize, observationSize);
        sampler.inserted(row);
        next = (next + 1) % capacity;
        size = Math.min(size + 1, capacity);
        inserted++;
    }

    /**
     * Inserts {@code count} rows laid out as this table's own arrays, one copy per array and per
     * stretch of the ring: a worker's batch costs a few memcpy calls, not five per transition.
     */
    void insertRows(float[] obs, double[] act, float[] r, float[] d, float[] nextObs, int count) {
        int done = 0;
        while (done < count) {
            int span = Math.min(count - done, capacity - next);
            System.arraycopy(obs, done * observationSize, observation, next * observationSize, span * observationSize);
            System.arraycopy(act, done * actionSize, action, next * actionSize, span * actionSize);
            System.arraycopy(r, done, reward, next, span);
            System.arraycopy(d, done, discount, next, span);
            System.arraycopy(nextObs, done * observationSize, nextObservation, next * observationSize, span * observationSize);
            for (int row = next; row < next + span; row++) {
                sampler.inserted(row);
            }
            next = (next + span) % capacity;
            size = Math.min(size + span, capacity);
            inserted += span;
            done += span;
        }
    }

    /** Fills {@code out} with {@code batchSize} rows chosen by the sampler. */
    public void sample(int batchSize, Transitions out) {
        if (size == 0) {
            throw new IllegalStateException("cannot sample from an empty replay table");
        }
        if (batchSize > out.capacity) {
            throw new IllegalArgumentException("batch of " + batchSize + " does not fit a buffer of " + out.capacity);
        }
        sampler.sample(size, batchSize, out.index, out.weight);
        for (int i = 0; i < batchSize; i++) {
            int row = out.index[i];
            System.arraycopy(observation, row * observationSize, out.observation, i * observationSize, observationSize);
            System.arraycopy(action, row * actionSize, out.action, i * actionSize, actionSize);
            out.reward[i] = reward[row];
            out.discount[i] = discount[row];
            System.arraycopy(nextObservation, row * observationSize, out.nextObservation, i * observationSize, observationSize);
        }
        out.size = batchSize;
    }

    /**
     * Copies the transitions of {@code rows} into the arrays given, row after row, without touching
     * the sampler: what an auxiliary learner reads, by its own draws, so the run's stay as they were.
     */
    public void copyRows(int[] rows, float[] obs, double[] act, float[] r, float[] d, float[] nextObs) {
        for (int i = 0; i < rows.length; i++) {
            int row = rows[i];
            System.arraycopy(observation, row * observationSize, obs, i * observationSize, observationSize);
            System.arraycopy(action, row * actionSize, act, i * actionSize, actionSize);
            r[i] = reward[row];
            d[i] = discount[row];
            System.arraycopy(nextObservation, row * observationSize, nextObs, i * observationSize, observationSize);
        }
    }

    public Sampler sampler() {
        return sampler;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    public int observationSize() {
        return observationSize;
    }

    public int actionSize() {
        return actionSize;
    }

    /** Transitions inserted since the table was made, overwritten ones included. */
    public long inserted() {
        return inserted;
    }

    /** Everything needed to rebuild this table exactly: contents, write position, counters, sampler state. */
    public Snapshot snapshot() {
        return new Snapshot(observation.clone(), action.clone(), reward.clone(), discount.clone(),
                nextObservation.clone(), next, size, inserted, sampler.state());
    }

    public void restore(Snapshot s) {
        if (s.reward().length != capacity || s.observation().length != observation.length || s.action().length != action.length) {
            throw new IllegalArgumentException("replay snapshot of capacity " + s.reward().length
                    + " does not fit a table of capacity " + capacity + " with these shapes");
        }
        System.arraycopy(s.observation(), 0, observation, 0, observation.length);
        System.arraycopy(s.action(), 0, action, 0, action.length);
        System.arraycopy(s.reward(), 0, reward, 0, reward.length);
        System.arraycopy(s.discount(), 0, discount, 0, discount.length);
        System.arraycopy(s.nextObservation(), 0, nextObservation, 0, nextObservation.length);
        next = s.next();
        size = s.size();
        inserted = s.inserted();
        sampler.restore(s.samplerState());
    }

    public record Snapshot(float[] observation, double[] action, float[] reward, float[] discount,
                           float[] nextObservation, int next, int size, long inserted, Sampler.State samplerState) {
    }
}
