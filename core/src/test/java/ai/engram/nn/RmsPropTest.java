package ai.engram.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;

class RmsPropTest {

    @Test
    void twoStepsFollowTheTextbookRule() {
        Network net = new Network(List.of(new Dense(1, 2, new Initializer.TorchDefault())), 1);
        float[] p = net.snapshot();
        double lr = 0.01;
        double decay = 0.9;
        double eps = 1e-3;
        RmsProp rmsProp = new RmsProp(p.length, lr, decay, eps, Double.POSITIVE_INFINITY);
        double[] s = new double[p.length];
        float[][] gradients = {{0.5f, -2f, 1f, 0f}, {0.1f, 3f, -1f, 4f}};
        for (float[] g : gradients) {
            net.gradients().assign(Nd4j.createFromArray(g));
            rmsProp.step(net);
            for (int i = 0; i < p.length; i++) {
                s[i] = decay * s[i] + (1 - decay) * g[i] * g[i];
                p[i] -= (float) (lr * g[i] / (Math.sqrt(s[i]) + eps));
            }
        }
        assertArrayEquals(p, net.snapshot(), 1e-6f);
    }
}
