package ai.engram.env.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.env.Env;
import ai.engram.env.classic.Pendulum;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TaskFamiliesTest {

    @Test
    void navigationClipsTheVelocityRewardsMinusTheDistanceAndStopsAtTheGoalOrTheHorizon() {
        Navigation2D env = new Navigation2D(new Navigation2D.Goal(0.3, -0.05), 5);
        env.reset(0);
        Env.Step step = env.step(1.0, -0.05);
        assertEquals(0.1f, step.observation()[0]);
        assertEquals(-0.05f, step.observation()[1]);
        assertEquals(-0.2, step.reward(), 1e-12);
        assertFalse(step.done());
        env.step(0.1, 0);
        Env.Step atGoal = env.step(0.1, 0);
        assertTrue(atGoal.terminated(), "within 0.01 of the goal");
        env.reset(0);
        for (int i = 0; i < 4; i++) {
            assertFalse(env.step(-0.1, 0).done());
        }
        Env.Step last = env.step(-0.1, 0);
        assertTrue(last.truncated() && !last.terminated(), "truncated at the horizon");
    }

    @Test
    void goalsAreUniformInTheSquareAndTestGoalsAreFixed() {
        Navigation2D.Goals goals = new Navigation2D.Goals(100);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            Navigation2D.Goal g = goals.sample(random);
            assertTrue(Math.abs(g.x()) <= 0.5 && Math.abs(g.y()) <= 0.5, g.toString());
        }
        assertEquals(goals.testTasks(40), new Navigation2D.Goals(100).testTasks(40));
        assertEquals(40, goals.testTasks(40).stream().distinct().count());
    }

    @Test
    void pendulumTasksDifferInGravityOnly() {
        PendulumGravity family = new PendulumGravity(5, 15, 50);
        double g = family.sample(new SplittableRandom(3));
        assertTrue(g >= 5 && g <= 15);
        Pendulum light = (Pendulum) family.make(5.0);
        Pendulum heavy = (Pendulum) family.make(15.0);
        light.reset(7);
        heavy.reset(7);
        assertEquals(light.state()[0], heavy.state()[0], "same seed, same start");
        assertNotEquals(light.step(0.0).observation()[2], heavy.step(0.0).observation()[2]);
        assertEquals(50, light.maxEpisodeSteps());
    }

    @Test
    void unknownFamiliesAreNamedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskFamilies.make("CartPole-v1", 100));
        assertTrue(e.getMessage().contains("Navigation2D") && e.getMessage().contains("PendulumGravity"), e.getMessage());
    }
}
