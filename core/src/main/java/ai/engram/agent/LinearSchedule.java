package ai.engram.agent;

/**
 * A value that moves linearly from {@code start} to {@code end} over the first {@code fraction} of a
 * run, then stays at {@code end}: the exploration epsilon of the value-based agents.
 */
public record LinearSchedule(double start, double end, double fraction) {

    public double at(long envStep, long totalSteps) {
        double steps = fraction * totalSteps;
        double progress = steps <= 0 ? 1 : Math.min(1, envStep / steps);
        return start + progress * (end - start);
    }
}
