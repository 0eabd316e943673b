package ai.engram.env.gym;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.env.Env;
import ai.engram.env.classic.CartPole;
import ai.engram.thirdparty.gym.Client;
import ai.engram.thirdparty.gym.ClientFactory;
import ai.engram.thirdparty.gym.StepReply;
import ai.engram.thirdparty.gym.space.Box;
import ai.engram.thirdparty.gym.space.DiscreteSpace;
import ai.engram.thirdparty.gym.space.GymObservationSpace;
import org.junit.jupiter.api.Test;

/**
 * DL4J's gym-java-client (relocated), an independent implementation of the protocol, drives
 * Engram's server; it also proves the relocated client loads beside ND4J M2.1 (its spaces make
 * INDArrays).
 */
class GymJavaClientInteropTest {

    @Test
    void gymJavaClientPlaysACartPoleEpisodeOnOurServer() {
        try (GymHttpServer server = new GymHttpServer(0)) {
            server.start();
            Client<Box, Integer, DiscreteSpace> client = ClientFactory.build(server.url().toString(), CartPole.ID, false);

            GymObservationSpace<Box> observationSpace = client.getObservationSpace();
            assertEquals("Box", observationSpace.getName());
            assertArrayEquals(new int[] {4}, observationSpace.getShape());
            // CartPole's velocity is unbounded: the reference server's 1e100, which ND4J's float32 takes as infinity
            assertTrue(observationSpace.getHigh().getDouble(1) >= Float.MAX_VALUE);
            assertEquals(-4.8, observationSpace.getLow().getDouble(0), 1e-6);
            assertEquals(2, client.getActionSpace().getSize());

            // gym-java-client cannot seed; seed its instance through the protocol, then let it reset.
            String instance = GymProtocol.ENVS + client.getInstanceId() + "/reset/";
            assertEquals(200, RawHttp.post(server.url().resolve(instance), "{\"seed\": 3}").status());
            Env local = new CartPole();
            local.reset(3);
            float[] expected = new float[4];
            local.reset(expected, 0);
            double[] observation = client.reset().toArray();
            assertArrayEquals(toDoubles(expected), observation);

            int length = 0;
            StepReply<Box> reply;
            do {
                int action = GymHttpTrajectoryTest.balance(expected)[0] > 0 ? 1 : 0;
                Env.Step want = local.step(action);
                reply = client.step(action);
                length++;
                assertArrayEquals(toDoubles(want.observation()), reply.getObservation().toArray(), "step " + length);
                assertEquals(want.reward(), reply.getReward(), 0.0);
                assertEquals(want.done(), reply.isDone());
                expected = want.observation();
            } while (!reply.isDone());
            assertEquals(500, length);
            assertTrue(reply.getInfo().getBoolean(GymProtocol.TIME_LIMIT_TRUNCATED));
            assertFalse(reply.getInfo().keySet().isEmpty());
        }
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
