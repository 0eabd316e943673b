package ai.engram.agent.maml;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * What a policy-gradient loss reads: per step the observation, the action taken and its advantage.
 *
 * @param observations n x observation size
 * @param actions      n x action size
 * @param advantages   n
 */
record Samples(double[] observations, double[] actions, double[] advantages) {

    int n() {
        return advantages.length;
    }

    /** A uniform draw of about {@code fraction} of the steps (at least one), in their order. */
    Samples subsample(double fraction, SplittableRandom random) {
        int obsSize = observations.length / n();
        int actSize = actions.length / n();
        int[] rows = IntStream.range(0, n()).filter(i -> random.nextDouble() < fraction).toArray();
        if (rows.length == 0) {
            rows = new int[] {random.nextInt(n())};
        }
        double[] obs = new double[rows.length * obsSize];
        double[] act = new double[rows.length * actSize];
        double[] adv = new double[rows.length];
        for (int j = 0; j < rows.length; j++) {
            System.arraycopy(observations, rows[j] * obsSize, obs, j * obsSize, obsSize);
            System.arraycopy(actions, rows[j] * actSize, act, j * actSize, actSize);
            adv[j] = advantages[rows[j]];
        }
        return new Samples(obs, act, adv);
    }

    /**
     * The samples of {@code rollouts} with advantages as the MAML code computes them: discounted
     * returns for the baseline fitted per task, generalized advantage estimation with
     * {@code lambda} (1: returns minus baseline), then standardized (rllab's {@code center_adv}).
     */
    static Samples of(Rollouts rollouts, double gamma, double lambda) {
        double[] rewards = rollouts.rewards();
        int steps = rewards.length;
        double[] returns = new double[steps];
        int start = 0;
        for (int length : rollouts.episodeLengths()) {
            double g = 0;
            for (int t = start + length - 1; t >= start; t--) {
                g = rewards[t] + gamma * g;
                returns[t] = g;
            }
            start += length;
        }
        double[] baseline = LinearFeatureBaseline.fitAndPredict(rollouts, returns);
        double[] advantages = new double[steps];
        start = 0;
        for (int length : rollouts.episodeLengths()) {
            double a = 0;
            for (int t = start + length - 1; t >= start; t--) {
                double next = t + 1 < start + length ? baseline[t + 1] : 0;
                a = rewards[t] + gamma * next - baseline[t] + gamma * lambda * a;
                advantages[t] = a;
            }
            start += length;
        }
        double mean = 0;
        for (double a : advantages) {
            mean += a / steps;
        }
        double variance = 0;
        for (double a : advantages) {
            variance += (a - mean) * (a - mean) / steps;
        }
        double std = Math.sqrt(variance) + 1e-8;
        for (int t = 0; t < steps; t++) {
            advantages[t] = (advantages[t] - mean) / std;
        }
        return new Samples(rollouts.observations(), rollouts.actions(), advantages);
    }
}
