package ai.engram.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class EmbeddingTest {

    @Test
    void rowsComeOutSideBySideAndGradientsOfRepeatedWordsAdd() {
        Embedding embedding = new Embedding(5, 3, 2);
        Network net = new Network(List.of(embedding), 1, DataType.DOUBLE);
        double[] table = net.parameters().toDoubleVector();
        INDArray ids = Nd4j.createFromArray(new double[][] {{4, 1}, {1, 1}, {0, 4}});
        INDArray out = net.forward(ids);
        int[][] words = {{4, 1}, {1, 1}, {0, 4}};
        double[] expected = new double[3 * 6];
        for (int r = 0; r < 3; r++) {
            for (int k = 0; k < 2; k++) {
                System.arraycopy(table, words[r][k] * 3, expected, r * 6 + k * 3, 3);
            }
        }
        assertArrayEquals(expected, out.reshape(out.length()).toDoubleVector(), 0);
        // L = sum(G * out): dL/dtable[w] is the sum of G's slots where word w was looked up
        double[] g = new double[3 * 6];
        for (int i = 0; i < g.length; i++) {
            g[i] = i + 1;
        }
        net.backward(Nd4j.createFromArray(g).reshape('c', 3, 6), false);
        double[] dTable = new double[5 * 3];
        for (int r = 0; r < 3; r++) {
            for (int k = 0; k < 2; k++) {
                for (int j = 0; j < 3; j++) {
                    dTable[words[r][k] * 3 + j] += g[r * 6 + k * 3 + j];
                }
            }
        }
        assertArrayEquals(dTable, net.gradients().toDoubleVector(), 1e-12);
        // a second backward overwrites, as every layer's does
        net.backward(Nd4j.createFromArray(g).reshape('c', 3, 6), false);
        assertArrayEquals(dTable, net.gradients().toDoubleVector(), 1e-12);
        float[] plain = new float[6];
        embedding.forwardPlain(net.snapshot(), 0, new float[] {0, 4}, 0, plain);
        assertEquals((float) expected[12], plain[0]);
        assertThrows(IllegalArgumentException.class, () -> net.forward(Nd4j.createFromArray(new double[][] {{5, 0}})));
    }
}
