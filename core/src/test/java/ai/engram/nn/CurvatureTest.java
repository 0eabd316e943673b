package ai.engram.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.auxiliary.Classifier;
import ai.engram.data.Dataset;
import ai.engram.data.Datasets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CurvatureTest {

    /**
     * The R-operator's gradient and Hessian-vector product against central differences of the
     * value and of the gradient, on float64 MLPs of both activations on digits; and the per-row
     * gradient dots sum to the batch's.
     */
    @Test
    void exactProductsMatchFiniteDifferences() {
        Dataset data = Datasets.load("digits").train().range(0, 60);
        INDArray x = Classifier.matrix(data);
        SoftmaxCrossEntropy loss = SoftmaxCrossEntropy.mean(data.labels());
        for (Activation.Kind kind : new Activation.Kind[] {Activation.Kind.TANH, Activation.Kind.RELU}) {
            Network net = new Network(Network.mlpLayers(64, new int[] {12, 9}, 10, kind, false, new Initializer.HeUniform()), 3,
                    DataType.DOUBLE);
            double decay = 0.01;
            Curvature c = Curvature.at(net, x, loss, decay);
            double[] theta = net.parameters().toDoubleVector();
            double[] v = new SplittableRandom(5).doubles(theta.length, -1, 1).toArray();
            double h = 1e-5;
            double[] plus = c.gradient();
            double[] gPlus = at(net, x, loss, decay, theta, v, h).gradient();
            double[] gMinus = at(net, x, loss, decay, theta, v, -h).gradient();
            double[] hv = c.hessianVector(v);
            double[] fd = new double[theta.length];
            for (int j = 0; j < theta.length; j++) {
                fd[j] = (gPlus[j] - gMinus[j]) / (2 * h);
            }
            assertTrue(relativeError(hv, fd) < 1e-6, kind + ": H v vs finite differences, relative error " + relativeError(hv, fd));
            double directional = (at(net, x, loss, decay, theta, v, h).value() - at(net, x, loss, decay, theta, v, -h).value()) / (2 * h);
            assertEquals(directional, ConjugateGradient.dot(plus, v), 1e-7 * Math.abs(directional));
            net.parameters().assign(Nd4j.createFromArray(theta));
            double[] rows = Curvature.at(net, x, loss, decay).rowGradientDots(v);
            double withoutDecay = ConjugateGradient.dot(plus, v) - decay * ConjugateGradient.dot(theta, v);
            assertEquals(withoutDecay, Arrays.stream(rows).sum(), 1e-9 * Math.abs(withoutDecay));
        }
    }

    @Test
    void layersWithoutAnRuleAreRefused() {
        Network dueling = Network.mlp(4, new int[] {8}, 2, Activation.Kind.RELU, true, new Initializer.TorchDefault(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Curvature.at(dueling, Nd4j.zeros(DataType.FLOAT, 3, 4), SoftmaxCrossEntropy.mean(new int[] {0, 1, 0})));
        assertTrue(e.getMessage().contains("DuelingHead"), e.getMessage());
    }

    private static Curvature at(Network net, INDArray x, SoftmaxCrossEntropy loss, double decay, double[] theta, double[] v, double h) {
        double[] shifted = theta.clone();
        for (int j = 0; j < theta.length; j++) {
            shifted[j] += h * v[j];
        }
        net.parameters().assign(Nd4j.createFromArray(shifted));
        return Curvature.at(net, x, loss, decay);
    }

    private static double relativeError(double[] a, double[] b) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += b[i] * b[i];
        }
        return Math.sqrt(diff / norm);
    }
}
