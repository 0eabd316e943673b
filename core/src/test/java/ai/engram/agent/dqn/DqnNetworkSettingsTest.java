package ai.engram.agent.dqn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.config.Presets;
import ai.engram.config.Settings;
import ai.engram.nn.Network;
import ai.engram.nn.VariationalDense;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** network-init, parseval-beta and sparse-vd: what they build, and their bad values. */
class DqnNetworkSettingsTest {

    private static DqnConfig config(String... overrides) {
        return DqnConfig.from(new Settings(Presets.resolve("dqn", "CartPole-v1", List.of(overrides))));
    }

    @Test
    void looksLinearQNetworkIsLinearAtInitialization() {
        Network q = DqnNetworks.qNetwork(config("network-init=looks-linear"), 4, 2, 1);
        INDArray a = Nd4j.rand(8, 4).subi(0.5);
        INDArray b = Nd4j.rand(8, 4).subi(0.5);
        INDArray sum = q.forward(a).add(q.forward(b));
        assertArrayEquals(sum.ravel().toFloatVector(), q.forward(a.add(b)).ravel().toFloatVector(), 1e-4f);
    }

    @Test
    void sparseVdAndParsevalBuildTheirLearner() {
        DqnLearner learner = new DqnLearner(config("sparse-vd=true", "parseval-beta=0.003"), 4, 2, 1);
        assertTrue(learner.online().layers().stream().filter(l -> l instanceof VariationalDense).count() == 2);
        // log sigma^2 starts at -10: only weights drawn within 0.0015 of zero start pruned (2.4% of U(-1/16, 1/16))
        assertTrue(VariationalDense.sparsity(learner.online()) < 0.05, "almost nothing is pruned at the start");
    }

    @Test
    void unknownOrContradictoryValuesFailWithTheSettingsName() {
        for (String[] bad : new String[][] {{"network-init=orthogonal"}, {"parseval-beta=-0.1"}, {"sparse-vd=maybe"},
                {"network-init=looks-linear", "dueling=true"}, {"network-init=looks-linear", "activation=tanh"},
                {"sparse-vd=true", "dueling=true"}}) {
            var e = assertThrows(IllegalArgumentException.class, () -> config(bad));
            String key = bad[0].substring(0, bad[0].indexOf('='));
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
    }
}
