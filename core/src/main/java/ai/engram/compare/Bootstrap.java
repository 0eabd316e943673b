package ai.engram.compare;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Stratified percentile bootstrap over runs, as rliable's {@code StratifiedBootstrap}: each
 * resample draws, for every stratum (the runs of one agent on one task), as many runs as it has,
 * with replacement and independently of the other strata; the interval is the central
 * {@code level} of the statistic over the resamples. Each call starts from the same seed, so an
 * estimate does not depend on what was estimated before it.
 */
public final class Bootstrap {

    /** A point estimate and its interval. */
    public record Estimate(double value, double low, double high) {

        static final Estimate NONE = new Estimate(Double.NaN, Double.NaN, Double.NaN);
    }

    private final int resamples;
    private final double level;
    private final long seed;

    public Bootstrap(int resamples, double level, long seed) {
        if (resamples < 1 || !(level > 0 && level < 1)) {
            throw new IllegalArgumentException("a bootstrap needs at least one resample and a level in (0, 1), got "
                    + resamples + " and " + level);
        }
        this.resamples = resamples;
        this.level = level;
        this.seed = seed;
    }

    public double level() {
        return level;
    }

    public int resamples() {
        return resamples;
    }

    /** The statistic of one set of runs, with its interval; no estimate for no runs. */
    public Estimate estimate(double[] runs, ToDoubleFunction<double[]> statistic) {
        return estimate(new double[][] {runs}, strata -> statistic.applyAsDouble(strata[0]));
    }

    /** The statistic of several strata of runs, each resampled within itself; no estimate if one is empty. */
    public Estimate estimate(double[][] strata, ToDoubleFunction<double[][]> statistic) {
        if (Arrays.stream(strata).anyMatch(s -> s.length == 0)) {
            return Estimate.NONE;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[][] sample = new double[strata.length][];
        for (int s = 0; s < strata.length; s++) {
            sample[s] = new double[strata[s].length];
        }
        double[] values = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            for (int s = 0; s < strata.length; s++) {
                for (int i = 0; i < sample[s].length; i++) {
                    sample[s][i] = strata[s][random.nextInt(strata[s].length)];
                }
            }
            values[r] = statistic.applyAsDouble(sample);
        }
        Arrays.sort(values);
        return new Estimate(statistic.applyAsDouble(strata), Statistics.quantile(values, (1 - level) / 2),
                Statistics.quantile(values, (1 + level) / 2));
    }
}
