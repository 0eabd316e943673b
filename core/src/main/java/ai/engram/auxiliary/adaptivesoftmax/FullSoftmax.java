package ai.engram.auxiliary.adaptivesoftmax;

import ai.engram.nn.Dense;
import ai.engram.nn.Initializer;
import ai.engram.nn.Network;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** p(w | h) = softmax(h W + b)_w over the whole vocabulary: one d x |V| product per batch, the baseline. */
public final class FullSoftmax implements Softmax {

    private final Dense output;
    private final Network.Flat flat;

    public FullSoftmax(int d, int vocabulary, long seed, DataType type) {
        output = new Dense(d, vocabulary, new Initializer.GlorotUniform());
        flat = Network.bind(List.of(output), seed, type);
    }

    @Override
    public int vocabulary() {
        return output.outputSize();
    }

    @Override
    public Network.Flat flat() {
        return flat;
    }

    @Override
    public Loss loss(INDArray h, int[] targets, boolean train) {
        Softmax.check(targets, vocabulary(), h.rows());
        INDArray z = output.forward(h);
        double sum = Softmax.crossEntropy(z, targets, train ? 1.0 / targets.length : 0);
        return new Loss(sum, train ? output.backward(z, true) : null);
    }

    @Override
    public INDArray logProbabilities(INDArray h) {
        return Softmax.logSoftmax(output.forward(h));
    }
}
