package ai.engram.env.rl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.env.Box;
import ai.engram.env.Env;
import ai.engram.env.classic.CartPole;
import ai.engram.env.classic.MountainCar;
import ai.engram.env.classic.Pendulum;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.deeplearning4j.gym.StepReply;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class EnvAsMdpTest {

    /** RL4J-side reset/step give exactly what driving CartPole directly with the same seed and actions gives. */
    @Test
    void stepsExactlyLikeTheEnvItWraps() {
        long seed = 42;
        EnvAsMdp mdp = new EnvAsMdp(CartPole::new, seed);
        CartPole direct = new CartPole();
        SplittableRandom actions = new SplittableRandom(7);
        float[] expected = new float[4];
        int steps = 0;
        for (int episode = 0; episode < 10; episode++) {
            if (episode == 0) {
                direct.reset(seed, expected, 0);
            } else {
                direct.reset(expected, 0);
            }
            assertArrayEquals(expected, mdp.reset().values(), "reset of episode " + episode);
            assertFalse(mdp.isDone());
            while (!mdp.isDone()) {
                int action = actions.nextInt(2);
                Env.Step step = direct.step(action);
                StepReply<EnvObservation> reply = mdp.step(action);
                assertArrayEquals(step.observation(), reply.getObservation().values());
                assertEquals(step.reward(), reply.getReward());
                assertEquals(step.terminated(), reply.isDone());
                assertEquals(step.done(), mdp.isDone());
                assertEquals(step.truncated(), mdp.isTruncated());
                steps++;
            }
        }
        assertTrue(steps > 100, "10 random CartPole episodes took only " + steps + " steps");
    }

    @Test
    void exposesTheEnvSpacesAndObservationsAsRl4jReadsThem() {
        EnvAsMdp mdp = new EnvAsMdp(CartPole::new, 1);
        Box box = (Box) new CartPole().observationSpace();
        assertArrayEquals(new int[] {4}, mdp.getObservationSpace().getShape());
        assertArrayEquals(box.low(), mdp.getObservationSpace().getLow().toDoubleVector());
        assertArrayEquals(box.high(), mdp.getObservationSpace().getHigh().toDoubleVector());
        assertEquals(2, mdp.getActionSpace().getSize());

        EnvObservation observation = mdp.reset();
        INDArray data = observation.getData();
        assertEquals(DataType.FLOAT, data.dataType());
        assertArrayEquals(new long[] {4}, data.shape());
        assertArrayEquals(observation.values(), data.toFloatVector());
        double[] widened = new double[4];
        Arrays.setAll(widened, i -> observation.values()[i]);
        assertArrayEquals(widened, observation.toArray());
        assertFalse(observation.isSkipped());
        EnvObservation copy = observation.dup();
        assertArrayEquals(observation.values(), copy.values());
        assertNotSame(observation.values(), copy.values());
    }

    /**
     * MountainCar without pushing never reaches the goal: its 200-step time limit ends the episode as
     * RL4J's learners must see a truncation, done for the episode loop but not terminal in the reply.
     */
    @Test
    void aTimeLimitEndsTheEpisodeWithoutATerminalReply() {
        EnvAsMdp mdp = new EnvAsMdp(MountainCar::new, 3);
        mdp.reset();
        int steps = 0;
        while (!mdp.isDone()) {
            StepReply<EnvObservation> reply = mdp.step(1);
            assertFalse(reply.isDone(), "a truncated step is not terminal");
            steps++;
        }
        assertEquals(200, steps);
        assertTrue(mdp.isTruncated());
        assertThrows(IllegalStateException.class, () -> mdp.step(1), "stepping a finished episode");
        mdp.reset();
        assertFalse(mdp.isDone());
        assertFalse(mdp.isTruncated());
    }

    @Test
    void seedsItsRandomActionsAndItsCopies() {
        EnvAsMdp first = new EnvAsMdp(CartPole::new, 5);
        EnvAsMdp second = new EnvAsMdp(CartPole::new, 5);
        int[] firstActions = new int[32];
        int[] secondActions = new int[32];
        Arrays.setAll(firstActions, i -> first.getActionSpace().randomAction());
        Arrays.setAll(secondActions, i -> second.getActionSpace().randomAction());
        assertArrayEquals(firstActions, secondActions);
        assertEquals(2, Arrays.stream(firstActions).distinct().count(), "both actions are drawn");

        float[] copyObservation = first.newInstance().reset().values();
        assertArrayEquals(copyObservation, second.newInstance().reset().values());
        assertFalse(Arrays.equals(copyObservation, first.reset().values()), "a copy draws its own episodes");
    }

    @Test
    void rejectsWhatRl4jsDiscreteMdpCannotExpress() {
        assertThrows(IllegalArgumentException.class, () -> new EnvAsMdp(Pendulum::new, 0));
        EnvAsMdp mdp = new EnvAsMdp(CartPole::new, 0);
        mdp.reset();
        assertThrows(IllegalArgumentException.class, () -> mdp.step(2));
        assertThrows(IllegalArgumentException.class, () -> mdp.step(-1));
    }
}
