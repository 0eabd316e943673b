package ai.engram.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvsTest {

    @Test
    void makesEveryBuiltIn() {
        for (String id : Envs.builtInIds()) {
            try (Env env = Envs.make(id)) {
                assertEquals(id, env.id());
            }
        }
        assertEquals(List.of("CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1"),
                Envs.builtInIds());
    }

    @Test
    void unknownIdNamesTheClosestKnownIds() {
        Envs.UnknownEnvException e = assertThrows(Envs.UnknownEnvException.class, () -> Envs.make("CartPole-v0"));
        assertTrue(e.getMessage().startsWith("unknown environment id 'CartPole-v0'; closest known: CartPole-v1"),
                e.getMessage());
        e = assertThrows(Envs.UnknownEnvException.class, () -> Envs.make("mountaincar"));
        assertTrue(e.getMessage().contains("closest known: MountainCar-v0"), e.getMessage());
    }

    @Test
    void parsesGymIdsAndRefusesMalformedOnes() {
        Envs.GymId id = Envs.GymId.parse("gym:CartPole-v1@http://127.0.0.1:5000");
        assertEquals("CartPole-v1", id.envId());
        assertEquals(URI.create("http://127.0.0.1:5000"), id.baseUrl());
        for (String bad : List.of("gym:CartPole-v1", "gym:@http://x:1", "gym:CartPole-v1@", "gym:CartPole-v1@ftp://x:1",
                "gym:CartPole-v1@127.0.0.1:5000")) {
            Envs.UnknownEnvException e = assertThrows(Envs.UnknownEnvException.class, () -> Envs.make(bad), bad);
            assertTrue(e.getMessage().contains("gym:"), e.getMessage());
        }
    }
}
