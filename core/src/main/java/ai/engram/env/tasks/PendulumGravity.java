package ai.engram.env.tasks;

import ai.engram.env.Env;
import ai.engram.env.classic.Pendulum;
import java.util.SplittableRandom;

/**
 * Gymnasium's Pendulum-v1 with the gravity drawn per task, uniform in [{@code low}, {@code high}]
 * (Pendulum's default is 10): the swing-up needs a different energy pumping per task.
 */
public record PendulumGravity(double low, double high, int horizon) implements TaskDistribution<Double> {

    public static final String ID = "PendulumGravity";

    public PendulumGravity {
        if (!(low > 0 && high >= low)) {
            throw new IllegalArgumentException("PendulumGravity needs 0 < low <= high, got [" + low + ", " + high + "]");
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Pendulum-v1 with gravity uniform in [" + low + ", " + high + "]";
    }

    /** A task is the gravity. */
    @Override
    public Class<Double> taskType() {
        return Double.class;
    }

    @Override
    public Double sample(SplittableRandom random) {
        return low + (high - low) * random.nextDouble();
    }

    @Override
    public Env make(Double gravity) {
        return new Pendulum(gravity, horizon);
    }
}
