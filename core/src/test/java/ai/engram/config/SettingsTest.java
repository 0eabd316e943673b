package ai.engram.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.agent.dqn.DqnConfig;
import ai.engram.train.RunConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Settings dqn(String env, String... sets) {
        Settings s = new Settings(Presets.resolve("dqn", env, List.of(sets)));
        RunConfig.from(s);
        DqnConfig.from(s);
        return s;
    }

    private static String failure(String... sets) {
        return assertThrows(Settings.InvalidSettingException.class, () -> dqn("CartPole-v1", sets).rejectUnread()).getMessage();
    }

    @Test
    void theEnvironmentPresetOverridesTheAgentDefaultsAndSetOverridesBoth() {
        Settings s = dqn("CartPole-v1", "batch-size=32");
        s.rejectUnread();
        DqnConfig c = DqnConfig.from(s);
        assertEquals(32, c.batchSize());
        assertEquals(1e-3, c.learningRate());
        assertEquals(100000, c.bufferSize());
        DqnConfig fallback = DqnConfig.from(dqn("Pendulum-v1"));
        assertEquals(1e-4, fallback.learningRate());
    }

    @Test
    void unknownKeysAreNamedWithTheKnownOnes() {
        String m = failure("learning-rat=0.1");
        assertTrue(m.startsWith("unknown setting 'learning-rat'; known settings: "), m);
        assertTrue(m.contains("learning-rate"), m);
    }

    @Test
    void badValuesNameTheKeyAndWhatIsAllowed() {
        assertTrue(failure("loss=l1").contains("setting 'loss' = l1 is not one of huber, mse"), failure("loss=l1"));
        assertTrue(failure("batch-size=2.5").contains("setting 'batch-size' = 2.5 is not a whole number"));
        assertTrue(failure("gamma=1.5").contains("setting 'gamma' = 1.5 is outside [0.0, 1.0]"));
        assertTrue(failure("hidden=64").contains("setting 'hidden' = 64 is not a list"));
        assertTrue(failure("hidden=[64, 0]").contains("must hold positive whole numbers"));
        assertTrue(failure("dueling=maybe").contains("setting 'dueling' = \"maybe\" is not true or false")
                || failure("dueling=maybe").contains("setting 'dueling' = maybe is not true or false"), failure("dueling=maybe"));
        assertTrue(failure("batch-size").contains("--set expects key=value"));
    }

    @Test
    void renderedConfigurationReadsBackTheSame() {
        Settings s = dqn("Acrobot-v1", "hidden=[32, 16]");
        Settings again = new Settings(com.typesafe.config.ConfigFactory.parseString(s.render()));
        assertEquals(DqnConfig.from(s).learningRate(), DqnConfig.from(again).learningRate());
        assertEquals(List.of(32, 16), again.config().getIntList("hidden"));
    }
}
