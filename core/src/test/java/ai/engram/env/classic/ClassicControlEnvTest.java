package ai.engram.env.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.env.Env;
import ai.engram.env.Envs;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClassicControlEnvTest {

    @Test
    void everyBuiltInIsSeededAndStaysInItsObservationSpace() {
        for (String id : Envs.builtInIds()) {
            try (Env a = Envs.make(id); Env b = Envs.make(id)) {
                assertArrayEquals(a.reset(3), b.reset(3), id);
                assertFalse(Arrays.equals(a.reset(3), a.reset(4)), id + " ignores the seed");
                SplittableRandom policy = new SplittableRandom(0);
                double[] action = new double[a.actionSpace().flatSize()];
                a.reset(11);
                for (int episode = 0; episode < 3; episode++) {
                    Env.Step step;
                    int length = 0;
                    do {
                        a.actionSpace().sample(policy, action, 0);
                        step = a.step(action);
                        length++;
                        double[] obs = new double[step.observation().length];
                        for (int i = 0; i < obs.length; i++) {
                            obs[i] = step.observation()[i];
                        }
                        assertTrue(a.observationSpace().contains(obs), id + " left its space: " + Arrays.toString(obs));
                    } while (!step.done());
                    ClassicControlEnv classic = (ClassicControlEnv) a;
                    assertTrue(step.terminated() != step.truncated(), id);
                    assertEquals(step.truncated(), length == classic.maxEpisodeSteps(), id + " length " + length);
                    a.reset(new float[a.observationSize()], 0);
                }
            }
        }
    }

    /** Gymnasium: {@code gym.make("CartPole-v1").reset(seed=0)} and {@code gym.make("Pendulum-v1").reset(seed=0)}. */
    @Test
    void resetWithASeedStartsWhereGymnasiumStarts() {
        CartPole cartPole = new CartPole();
        cartPole.reset(0);
        assertArrayEquals(new double[] {0.013696168732145436, -0.02302132862361297, -0.045902647606380534,
            -0.04834723644714709}, cartPole.state());
        Pendulum pendulum = new Pendulum();
        pendulum.reset(0);
        assertArrayEquals(new double[] {0.8605556614246863, -0.4604265724722594}, pendulum.state());
    }

    @Test
    void cartPoleBalancedByAControllerIsTruncatedAt500NotTerminated() {
        CartPole env = new CartPole();
        float[] obs = env.reset(0);
        Env.Step step;
        int length = 0;
        double total = 0;
        do {
            step = env.step(obs[2] + 0.5 * obs[3] > 0 ? 1 : 0);
            obs = step.observation();
            total += step.reward();
            length++;
        } while (!step.done());
        assertEquals(500, length);
        assertTrue(step.truncated());
        assertFalse(step.terminated());
        assertEquals(500.0, total);
    }

    @Test
    void steppingWithoutResetOrAfterTheEndIsRefused() {
        CartPole env = new CartPole();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.step(0));
        assertTrue(e.getMessage().contains("reset"), e.getMessage());
        env.reset(1);
        Env.Step step;
        do {
            step = env.step(1);
        } while (!step.done());
        assertThrows(IllegalStateException.class, () -> env.step(1));
    }

    @Test
    void invalidActionsAreRefusedWithTheirSpace() {
        CartPole cartPole = new CartPole();
        cartPole.reset(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cartPole.step(2));
        assertTrue(e.getMessage().contains("Discrete(2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cartPole.step(0.5));
        Pendulum pendulum = new Pendulum();
        pendulum.reset(1);
        assertThrows(IllegalArgumentException.class, () -> pendulum.step(1, 2));
    }

    @Test
    void continuousActionsAreClippedButMountainCarContinuousChargesTheRawAction() {
        Pendulum a = new Pendulum();
        Pendulum b = new Pendulum();
        a.reset(5);
        b.reset(5);
        Env.Step clipped = a.step(2.0);
        Env.Step overdriven = b.step(7.0);
        assertArrayEquals(clipped.observation(), overdriven.observation());
        assertEquals(clipped.reward(), overdriven.reward());

        MountainCarContinuous c = new MountainCarContinuous();
        MountainCarContinuous d = new MountainCarContinuous();
        c.reset(5);
        d.reset(5);
        Env.Step one = c.step(1.0);
        Env.Step three = d.step(3.0);
        assertArrayEquals(one.observation(), three.observation());
        assertEquals(-0.1, one.reward(), 1e-12);
        assertEquals(-0.9, three.reward(), 1e-12);
    }

    @Test
    void angleNormalizeFloorsLikePython() {
        assertEquals(0.0, Pendulum.angleNormalize(2 * Math.PI), 1e-15);
        assertEquals(-Math.PI + 0.5, Pendulum.angleNormalize(Math.PI + 0.5), 1e-12);
        assertEquals(Math.PI - 0.5, Pendulum.angleNormalize(-Math.PI - 0.5), 1e-12);
    }
}
