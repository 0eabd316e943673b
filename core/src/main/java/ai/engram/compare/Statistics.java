package ai.engram.compare;

import java.util.Arrays;

/**
 * The aggregate statistics of rliable (Agarwal et al. 2021) over the scores of runs, computed as
 * rliable computes them so that numbers can be checked against it.
 */
public final class Statistics {

    private Statistics() {
    }

    /**
     * The interquartile mean: the mean of the middle half, as rliable's {@code aggregate_iqm}
     * ({@code scipy.stats.trim_mean(x, 0.25)}): drop the floor(n/4) lowest and highest values.
     */
    public static double iqm(double[] values) {
        double[] v = sorted(values);
        int cut = v.length / 4;
        return mean(Arrays.copyOfRange(v, cut, v.length - cut));
    }

    public static double mean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    public static double median(double[] values) {
        return quantile(sorted(values), 0.5);
    }

    /** How far the runs fall short of {@code target} on average: mean of max(target - x, 0) (rliable's optimality gap). */
    public static double optimalityGap(double[] values, double target) {
        double[] shortfall = Arrays.stream(values).map(v -> Math.max(target - v, 0)).toArray();
        return mean(shortfall);
    }

    /**
     * P(X > Y) for a run X drawn from {@code x} and Y from {@code y}, ties counting one half: the
     * Mann-Whitney U statistic over |x| |y| (rliable's probability of improvement on one task).
     */
    public static double probabilityOfImprovement(double[] x, double[] y) {
        if (x.length == 0 || y.length == 0) {
            return Double.NaN;
        }
        double wins = 0;
        for (double a : x) {
            for (double b : y) {
                wins += a > b ? 1 : a == b ? 0.5 : 0;
            }
        }
        return wins / ((double) x.length * y.length);
    }

    /** The fraction of runs scoring above {@code tau}: one point of a performance profile. */
    public static double fractionAbove(double[] values, double tau) {
        return values.length == 0 ? Double.NaN : Arrays.stream(values).filter(v -> v > tau).count() / (double) values.length;
    }

    /** The {@code q}-quantile of sorted values, interpolating linearly between order statistics (numpy's default). */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        double fraction = position - below;
        // exactly on an order statistic: no interpolation (which would turn an infinite neighbour into NaN)
        return fraction == 0 ? sorted[below] : sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
    }

    private static double[] sorted(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v;
    }
}
