package ai.engram.auxiliary.adaptivesoftmax;

import ai.engram.nn.Activation;
import ai.engram.nn.Adam;
import ai.engram.nn.Dense;
import ai.engram.nn.Embedding;
import ai.engram.nn.Initializer;
import ai.engram.nn.Network;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bengio et al. (2003)'s feed-forward n-gram language model: the previous n words' embeddings
 * side by side, one tanh layer to h of size d, and a {@link Softmax} over the vocabulary for the
 * next word. Trained with Adam (the adaptive softmax paper used Adagrad; plain SGD did not beat a
 * unigram model in a prototype).
 */
public final class NgramLm {

    private final int context;
    private final Network body;
    private final Softmax softmax;
    private final Adam bodyAdam;
    private final Adam softmaxAdam;

    public NgramLm(int context, int embedding, int d, Softmax softmax, double learningRate, long seed) {
        this.context = context;
        this.softmax = softmax;
        body = new Network(List.of(new Embedding(softmax.vocabulary(), embedding, context),
                new Dense(context * embedding, d, new Initializer.GlorotUniform()), new Activation(Activation.Kind.TANH, d)), seed);
        bodyAdam = new Adam(body.parameterCount(), learningRate, 0.9, 0.999, 1e-8, Double.POSITIVE_INFINITY);
        softmaxAdam = new Adam((int) softmax.flat().parameters().length(), learningRate, 0.9, 0.999, 1e-8, Double.POSITIVE_INFINITY);
    }

    public Softmax softmax() {
        return softmax;
    }

    public int parameterCount() {
        return body.parameterCount() + (int) softmax.flat().parameters().length();
    }

    /** One Adam step on the targets stream[p] at {@code positions}, each from its n previous words; returns the mean -log p. */
    public double step(int[] stream, int[] positions) {
        INDArray h = body.forward(contexts(stream, positions));
        Softmax.Loss loss = softmax.loss(h, targets(stream, positions), true);
        body.backward(loss.dh(), false);
        bodyAdam.step(body);
        softmaxAdam.step(softmax.flat().parameters(), softmax.flat().gradients());
        return loss.sum() / positions.length;
    }

    /** exp of the mean -log p of every target stream[1 ..] (exact: normalized over the whole vocabulary). */
    public double perplexity(int[] stream, int batch) {
        double nll = 0;
        for (int from = 1; from < stream.length; from += batch) {
            int[] positions = IntStream.range(from, Math.min(from + batch, stream.length)).toArray();
            nll += softmax.loss(body.forward(contexts(stream, positions)), targets(stream, positions), false).sum();
        }
        return Math.exp(nll / (stream.length - 1));
    }

    /** Hidden vectors h for the targets at {@code positions} (tests inspect the distribution they give). */
    public INDArray hidden(int[] stream, int[] positions) {
        return body.forward(contexts(stream, positions));
    }

    /** Row r: the n words before stream[positions[r]], oldest first; before the stream's start, its first id (END). */
    private INDArray contexts(int[] stream, int[] positions) {
        float[] x = new float[positions.length * context];
        for (int r = 0; r < positions.length; r++) {
            for (int k = 0; k < context; k++) {
                x[r * context + k] = stream[Math.max(0, positions[r] - context + k)];
            }
        }
        return Nd4j.createFromArray(x).reshape('c', positions.length, context);
    }

    private static int[] targets(int[] stream, int[] positions) {
        int[] t = new int[positions.length];
        for (int r = 0; r < positions.length; r++) {
            t[r] = stream[positions[r]];
        }
        return t;
    }
}
