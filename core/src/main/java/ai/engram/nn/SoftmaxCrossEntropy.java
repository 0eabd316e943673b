package ai.engram.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;

/**
 * L(z) = sum_i w_i * -log softmax(z_i)[y_i], with per-row weights w_i (1/B for the mean; 0 drops a
 * row while keeping the others' weights, as leave-one-out retraining needs). dL/dz_i = w_i (p_i - e_y)
 * and d2L/dz_i2 r_i = w_i (p_i * r_i - p_i (p_i . r_i)).
 */
public record SoftmaxCrossEntropy(int[] labels, double[] weights) implements Curvature.OutputLoss {

    public SoftmaxCrossEntropy {
        if (labels.length != weights.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + weights.length + " weights");
        }
    }

    /** The mean over the rows. */
    public static SoftmaxCrossEntropy mean(int[] labels) {
        double[] w = new double[labels.length];
        java.util.Arrays.fill(w, 1.0 / labels.length);
        return new SoftmaxCrossEntropy(labels, w);
    }

    @Override
    public Curvature.Local at(INDArray z) {
        int rows = z.rows();
        int k = z.columns();
        if (rows != labels.length) {
            throw new IllegalArgumentException("a batch of " + rows + " rows for " + labels.length + " labels");
        }
        INDArray p = z.ulike();
        Nd4j.exec(new SoftMax(z, p, 1));
        double[] pv = p.reshape(p.length()).toDoubleVector();
        double[] g = new double[rows * k];
        double value = 0;
        for (int i = 0; i < rows; i++) {
            value -= weights[i] * Math.log(Math.max(pv[i * k + labels[i]], Double.MIN_NORMAL));
            for (int c = 0; c < k; c++) {
                g[i * k + c] = weights[i] * (pv[i * k + c] - (c == labels[i] ? 1 : 0));
            }
        }
        INDArray w = Nd4j.createFromArray(weights).castTo(z.dataType()).reshape(rows, 1);
        INDArray gradient = Nd4j.createFromArray(g).castTo(z.dataType()).reshape(rows, k);
        return new Curvature.Local(value, gradient, r -> p.mul(r).subi(p.mulColumnVector(p.mul(r).sum(true, 1))).muliColumnVector(w));
    }
}
