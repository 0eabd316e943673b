package ai.engram.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Gradient checks (float64, central differences) and invariants of CReLU, looks-linear, residual, sparse VD and Parseval. */
class ShatteringAndSparsityLayersTest {

    private static INDArray uniform(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * r.nextDouble() - 1;
        }
        return Nd4j.createFromArray(x).reshape('c', rows, cols);
    }

    /** Compares {@code analytic} with central differences of {@code loss} along every entry of {@code point}. */
    private static void check(INDArray point, double[] analytic, ToDoubleFunction<Void> loss, String what) {
        double h = 1e-6;
        for (int i = 0; i < point.length(); i++) {
            double old = point.getDouble(i);
            point.putScalar(i, old + h);
            double up = loss.applyAsDouble(null);
            point.putScalar(i, old - h);
            double down = loss.applyAsDouble(null);
            point.putScalar(i, old);
            assertEquals((up - down) / (2 * h), analytic[i], 1e-5 * Math.max(1, Math.abs(analytic[i])), what + " " + i);
        }
    }

    private static Network looksLinearWithResidual() {
        return new Network(List.of(
                new Dense(3, 4, new Initializer.Orthogonal(1)), new CRelu(4), new Dense(8, 4, new Initializer.LooksLinear()),
                new Residual(0.7, 0.3, List.of(new Dense(4, 4, new Initializer.HeUniform()), new Activation(Activation.Kind.RELU, 4),
                        new Dense(4, 4, new Initializer.HeUniform()))),
                new CRelu(4), new Dense(8, 2, new Initializer.LooksLinear())), 5, DataType.DOUBLE);
    }

    @Test
    void creluResidualAndLooksLinearGradientsMatchFiniteDifferences() {
        Network net = looksLinearWithResidual();
        net.parameters().assign(uniform(1, net.parameterCount(), 9).reshape(net.parameterCount())); // off the linear start
        INDArray x = uniform(6, 3, 1);
        INDArray w = uniform(6, 2, 2);
        ToDoubleFunction<Void> loss = v -> net.forward(x).mul(w).sumNumber().doubleValue();
        net.forward(x);
        INDArray dx = net.backward(w.dup());
        check(net.parameters(), net.gradients().toDoubleVector(), loss, "parameter");
        check(x, dx.ravel().toDoubleVector(), loss, "input");
    }

    @Test
    void looksLinearNetworkIsLinearAtInitializationAndPlainForwardAgrees() {
        Network net = new Network(List.of(new Dense(3, 6, new Initializer.Orthogonal(1)), new CRelu(6),
                new Dense(12, 6, new Initializer.LooksLinear()), new CRelu(6), new Dense(12, 2, new Initializer.LooksLinear())), 4,
                DataType.DOUBLE);
        INDArray a = uniform(5, 3, 1);
        INDArray b = uniform(5, 3, 2);
        INDArray sum = net.forward(a).add(net.forward(b));
        assertArrayEquals(sum.ravel().toDoubleVector(), net.forward(a.add(b)).ravel().toDoubleVector(), 1e-12);
        // orthogonal factors of a 3 -> 6 -> 6 -> 2 stack: the end-to-end map has no singular value above 1
        INDArray y = net.forward(a);
        assertTrue(y.norm2Number().doubleValue() <= a.norm2Number().doubleValue() + 1e-9);
        Network mixed = looksLinearWithResidual();
        INDArray x = uniform(4, 3, 3).castTo(DataType.DOUBLE);
        double[][] expected = mixed.forward(x).toDoubleMatrix();
        float[] snapshot = mixed.snapshot();
        float[] flat = x.ravel().toFloatVector();
        PlainForward plain = mixed.plainForward();
        for (int row = 0; row < 4; row++) {
            float[] got = plain.apply(snapshot, flat, row * 3);
            for (int j = 0; j < 2; j++) {
                assertEquals(expected[row][j], got[j], 1e-5, "row " + row);
            }
        }
    }

    @Test
    void orthogonalAndLooksLinearInitializersHaveTheirShape() {
        float[] w = new float[20 * 8];
        new Initializer.Orthogonal(1).fill(w, 20, 8, new SplittableRandom(1));
        INDArray m = Nd4j.createFromArray(w).reshape('c', 20, 8).castTo(DataType.DOUBLE);
        assertEquals(0, m.transpose().mmul(m).sub(Nd4j.eye(8).castTo(DataType.DOUBLE)).norm2Number().doubleValue(), 1e-5);
        float[] ll = new float[10 * 3];
        new Initializer.LooksLinear().fill(ll, 10, 3, new SplittableRandom(1));
        for (int i = 0; i < 15; i++) {
            assertEquals(-ll[i], ll[15 + i], 0f);
        }
        assertThrows(IllegalArgumentException.class, () -> new Initializer.LooksLinear().fill(new float[9], 3, 3, new SplittableRandom(1)));
    }

    @Test
    void variationalDenseGradientsWithKlMatchFiniteDifferences() {
        VariationalDense first = new VariationalDense(3, 5, new Initializer.HeUniform(), 1);
        VariationalDense second = new VariationalDense(5, 2, new Initializer.HeUniform(), 2);
        Network net = new Network(List.of(first, new Activation(Activation.Kind.TANH, 5), second), 3, DataType.DOUBLE);
        // theta and log sigma^2 in [-1, 1]: most log alphas inside the clip, where the KL has a gradient
        net.parameters().assign(uniform(1, net.parameterCount(), 4).reshape(net.parameterCount()));
        INDArray x = uniform(4, 3, 5);
        INDArray w = uniform(4, 2, 6);
        double scale = 0.3;
        ToDoubleFunction<Void> loss = v -> {
            first.reseed(11);
            second.reseed(12);
            double data = net.forward(x).mul(w).sumNumber().doubleValue();
            return data + scale * (first.addKlGradient(0) + second.addKlGradient(0));
        };
        loss.applyAsDouble(null);
        INDArray dx = net.backward(w.dup());
        first.addKlGradient(scale);
        second.addKlGradient(scale);
        check(net.parameters(), net.gradients().toDoubleVector(), loss, "parameter");
        first.reseed(11);
        second.reseed(12);
        net.forward(x);
        INDArray dxAgain = net.backward(w.dup());
        assertArrayEquals(dx.ravel().toDoubleVector(), dxAgain.ravel().toDoubleVector(), 1e-12);
        check(x, dx.ravel().toDoubleVector(), loss, "input");
    }

    @Test
    void klApproximationMatchesThePapersEndpointsAndPruningDropsNoisyWeights() {
        VariationalDense layer = new VariationalDense(2, 1, new Initializer.HeUniform(), 1);
        Network net = new Network(List.of(layer), 1, DataType.DOUBLE);
        // theta = (1, 1e-3), log sigma^2 = (-8, 0), b = 0.5: log alpha = (-8 clipped, 8 clipped)
        net.parameters().assign(Nd4j.createFromArray(1.0, 1e-3, -8.0, 0.0, 0.5));
        double kl = layer.addKlGradient(0);
        double expected = klOf(-8) + klOf(8);
        assertEquals(expected, kl, 1e-9);
        assertTrue(klOf(8) < klOf(0) && klOf(0) < klOf(-8), "the KL falls as alpha grows: noise is free under the prior");
        assertEquals(1, layer.pruned());
        layer.stochastic(false);
        INDArray y = net.forward(Nd4j.createFromArray(new double[][] {{2, 100}}));
        assertEquals(2 * 1.0 + 0.5, y.getDouble(0), 1e-12, "the pruned weight contributes nothing");
        float[] plain = new float[1];
        layer.forwardPlain(net.snapshot(), 0, new float[] {2, 100}, 0, plain);
        assertEquals(2.5f, plain[0], 1e-6f);
        SparseForward sparse = new SparseForward(net.layers(), net.snapshot());
        assertEquals(1, sparse.keptWeights());
        assertEquals(2.5f, sparse.apply(new float[] {2, 100}, 0)[0], 1e-6f);
        assertThrows(IllegalStateException.class, () -> net.backward(Nd4j.ones(DataType.DOUBLE, 1, 1)));
    }

    private static double klOf(double logAlpha) {
        double k1 = 0.63576;
        return k1 - k1 / (1 + Math.exp(-(1.87320 + 1.48695 * logAlpha))) + 0.5 * Math.log1p(Math.exp(-logAlpha));
    }

    @Test
    void parsevalStepDrivesWeightsToATightFrame() {
        for (double fraction : new double[] {1.0, 0.25}) {
            Network net = Network.mlp(20, new int[] {12}, 5, Activation.Kind.RELU, false, new Initializer.HeUniform(), 3);
            ParsevalStep step = ParsevalStep.of(net, 0.05, fraction, 1);
            assertEquals(2, step.weights().size());
            double before = ParsevalStep.orthogonalityError(step.weights().get(0));
            for (int i = 0; i < 400 / (fraction * fraction); i++) { // a pair of rows meets in a sample a fraction^2 of the steps
                step.apply();
            }
            for (INDArray w : step.weights()) {
                assertTrue(ParsevalStep.orthogonalityError(w) < 1e-3 * before, "fraction " + fraction + ": " + ParsevalStep.orthogonalityError(w));
                assertEquals(1, ParsevalStep.spectralNorm(w), 1e-3);
            }
        }
        Network free = Network.mlp(20, new int[] {12}, 5, Activation.Kind.RELU, false, new Initializer.HeUniform(), 3);
        ParsevalStep hidden = ParsevalStep.of(free, 0.05, 1, 1).withoutLast();
        INDArray output = ParsevalStep.of(free, 0.05, 1, 1).weights().get(1);
        INDArray outputBefore = output.dup();
        for (int i = 0; i < 400; i++) {
            hidden.apply();
        }
        assertEquals(1, ParsevalStep.spectralNorm(hidden.weights().get(0)), 1e-3);
        assertEquals(outputBefore, output, "the output layer is left free");
        Network net = Network.mlp(4, new int[] {4}, 2, Activation.Kind.RELU, false, new Initializer.HeUniform(), 3);
        Network single = Network.mlp(4, new int[] {}, 2, Activation.Kind.RELU, false, new Initializer.HeUniform(), 3);
        assertThrows(IllegalArgumentException.class, () -> ParsevalStep.of(single, 0.01, 1, 1).withoutLast());
        assertThrows(IllegalArgumentException.class, () -> ParsevalStep.of(net, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ParsevalStep.of(net, 0.01, 1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> Residual.convex(1.2, List.of(new Dense(2, 2, new Initializer.HeUniform()))));
    }
}
