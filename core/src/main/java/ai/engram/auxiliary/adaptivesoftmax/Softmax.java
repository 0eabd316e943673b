package ai.engram.auxiliary.adaptivesoftmax;

import ai.engram.nn.Network;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * An output layer over a vocabulary that gives exact, normalized log-likelihoods of the next
 * word given a hidden vector h: the full softmax or Grave et al.'s adaptive softmax. It is kept
 * outside the {@link ai.engram.nn.Network} because its cost depends on the targets (which
 * cluster each falls in), and owns its flat parameters for its own optimizer.
 */
public sealed interface Softmax permits FullSoftmax, AdaptiveSoftmax {

    /** The summed -log p(target | h) of a batch and, when trained, d(mean)/dh (else null). */
    record Loss(double sum, INDArray dh) {
    }

    int vocabulary();

    /** The parameters, and d(mean -log p)/d(parameters) of the last {@link #loss} with {@code train}. */
    Network.Flat flat();

    /**
     * -log p(targets_i | h_i) summed over the batch, exactly normalized over the whole vocabulary.
     * With {@code train} it also fills the gradients of {@link #flat()} and returns d(mean)/dh.
     */
    Loss loss(INDArray h, int[] targets, boolean train);

    /** log p(w | h_i) for every word w: row i is the whole distribution (batch x vocabulary). */
    INDArray logProbabilities(INDArray h);

    /**
     * -sum_i log softmax(z_i)[t_i]. When {@code scale} is not 0 it overwrites z with
     * scale (softmax(z) - onehot(t)), the gradient of scale times that sum with respect to z;
     * otherwise z holds log softmax(z) afterwards.
     */
    static double crossEntropy(INDArray z, int[] t, double scale) {
        Nd4j.exec(new LogSoftMax(z, z));
        double sum = 0;
        for (int i = 0; i < t.length; i++) {
            sum -= z.getDouble(i, t[i]);
        }
        if (scale != 0) {
            Transforms.exp(z, false).muli(scale);
            for (int i = 0; i < t.length; i++) {
                z.putScalar(i, t[i], z.getDouble(i, t[i]) - scale);
            }
        }
        return sum;
    }

    /** log softmax of each row of z, in place. */
    static INDArray logSoftmax(INDArray z) {
        Nd4j.exec(new LogSoftMax(z, z));
        return z;
    }

    /** Rejects targets outside [0, vocabulary). */
    static void check(int[] targets, int vocabulary, int rows) {
        if (targets.length != rows) {
            throw new IllegalArgumentException(targets.length + " targets for a batch of " + rows);
        }
        for (int t : targets) {
            if (t < 0 || t >= vocabulary) {
                throw new IllegalArgumentException("target word " + t + " outside a vocabulary of " + vocabulary);
            }
        }
    }
}
