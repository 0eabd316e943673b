package ai.engram.env.tasks;

import ai.engram.env.Box;
import ai.engram.env.Env;
import ai.engram.env.Space;
import ai.engram.env.StepOutcome;
import java.util.SplittableRandom;

/**
 * The 2D navigation task of Finn et al. (2017): a point starts at (0, 0) and moves by its action, a
 * velocity clipped to [-0.1, 0.1] per coordinate; the reward is minus the distance to the goal after
 * the move; the observation is the position (the goal is hidden: it is the task). As in the authors'
 * {@code point_env_rand_goal.py}, an episode ends (terminated) when the point is within 0.01 of the
 * goal in both coordinates; otherwise it is truncated at the horizon (100 steps in the paper).
 */
public final class Navigation2D implements Env {

    public static final String ID = "Navigation2D";
    private static final double MAX_SPEED = 0.1;
    private static final double GOAL_TOLERANCE = 0.01;
    private static final Box OBSERVATIONS = Box.of(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY},
            new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY});
    private static final Box ACTIONS = Box.of(new double[] {-MAX_SPEED, -MAX_SPEED}, new double[] {MAX_SPEED, MAX_SPEED});

    /** A task: where the point must go. */
    public record Goal(double x, double y) {
    }

    private final Goal goal;
    private final int horizon;
    private double x;
    private double y;
    private int elapsed;
    private boolean needsReset = true;

    public Navigation2D(Goal goal, int horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException("Navigation2D needs a horizon >= 1, got " + horizon);
        }
        this.goal = goal;
        this.horizon = horizon;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Space observationSpace() {
        return OBSERVATIONS;
    }

    @Override
    public Space actionSpace() {
        return ACTIONS;
    }

    /** The start is always (0, 0): the seed has nothing to draw. */
    @Override
    public void reset(long seed, float[] observation, int offset) {
        reset(observation, offset);
    }

    @Override
    public void reset(float[] observation, int offset) {
        x = 0;
        y = 0;
        elapsed = 0;
        needsReset = false;
        observation[offset] = 0;
        observation[offset + 1] = 0;
    }

    @Override
    public void step(double[] action, int actionOffset, float[] observation, int observationOffset, StepOutcome outcome) {
        if (needsReset) {
            throw new IllegalStateException(ID + ": call reset() before step() and after an episode ends");
        }
        x += Math.min(Math.max(action[actionOffset], -MAX_SPEED), MAX_SPEED);
        y += Math.min(Math.max(action[actionOffset + 1], -MAX_SPEED), MAX_SPEED);
        double dx = x - goal.x();
        double dy = y - goal.y();
        elapsed++;
        outcome.reward = -Math.sqrt(dx * dx + dy * dy);
        outcome.terminated = Math.abs(dx) < GOAL_TOLERANCE && Math.abs(dy) < GOAL_TOLERANCE;
        outcome.truncated = !outcome.terminated && elapsed >= horizon;
        needsReset = outcome.done();
        observation[observationOffset] = (float) x;
        observation[observationOffset + 1] = (float) y;
    }

    /** Goals uniform in [-0.5, 0.5]^2, as in the paper. */
    public record Goals(int horizon) implements TaskDistribution<Goal> {

        @Override
        public String id() {
            return ID;
        }

        @Override
        public String description() {
            return "a point moves from (0, 0) to a hidden goal uniform in [-0.5, 0.5]^2";
        }

        @Override
        public Class<Goal> taskType() {
            return Goal.class;
        }

        @Override
        public Goal sample(SplittableRandom random) {
            return new Goal(random.nextDouble() - 0.5, random.nextDouble() - 0.5);
        }

        @Override
        public Env make(Goal task) {
            return new Navigation2D(task, horizon);
        }
    }
}
