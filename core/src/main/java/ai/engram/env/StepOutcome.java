package ai.engram.env;

/** The scalar results of one step, reused across steps so that stepping allocates nothing. */
public final class StepOutcome {
    public double reward;
    /** The episode ended in a terminal state (failure or goal): its value is zero. */
    public boolean terminated;
    /** The episode was cut by a time limit: the last observation still has a value. */
    public boolean truncated;

    public boolean done() {
        return terminated || truncated;
    }
}
