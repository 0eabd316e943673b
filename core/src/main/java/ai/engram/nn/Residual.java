package ai.engram.nn;

import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A residual block y = a x + b f(x), f a stack of layers from and to the same width. a = b = 1 is
 * He et al.'s sum; b < 1 damps the branch of a deep stack without normalization; a = lambda,
 * b = 1 - lambda is Parseval networks' convex aggregation (Cisse et al. 2017), which keeps the
 * block's Lipschitz constant at most 1 when f's is.
 */
public final class Residual implements Layer {

    private final double a;
    private final double b;
    private final List<Layer> branch;
    private final int size;

    public Residual(double a, double b, List<? extends Layer> branch) {
        if (branch.isEmpty()) {
            throw new IllegalArgumentException("a residual block needs at least one layer in its branch");
        }
        size = branch.get(0).inputSize();
        for (int i = 1; i < branch.size(); i++) {
            if (branch.get(i).inputSize() != branch.get(i - 1).outputSize()) {
                throw new IllegalArgumentException("branch layer " + i + " takes " + branch.get(i).inputSize()
                        + " inputs but layer " + (i - 1) + " gives " + branch.get(i - 1).outputSize());
            }
        }
        if (branch.get(branch.size() - 1).outputSize() != size) {
            throw new IllegalArgumentException("a residual branch must end at its input width " + size + ", got "
                    + branch.get(branch.size() - 1).outputSize());
        }
        this.a = a;
        this.b = b;
        this.branch = List.copyOf(branch);
    }

    /** Parseval networks' aggregation lambda x + (1 - lambda) f(x), lambda in [0, 1]. */
    public static Residual convex(double lambda, List<? extends Layer> branch) {
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("a convex residual needs lambda in [0, 1], got " + lambda);
        }
        return new Residual(lambda, 1 - lambda, branch);
    }

    public List<Layer> branch() {
        return branch;
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public int parameterCount() {
        return branch.stream().mapToInt(Layer::parameterCount).sum();
    }

    @Override
    public void bind(INDArray parameters, INDArray gradients) {
        int offset = 0;
        for (Layer layer : branch) {
            int n = layer.parameterCount();
            if (n > 0) {
                layer.bind(parameters.get(NDArrayIndex.interval(offset, offset + n)),
                        gradients.get(NDArrayIndex.interval(offset, offset + n)));
            }
            offset += n;
        }
    }

    @Override
    public void initialize(SplittableRandom random) {
        for (Layer layer : branch) {
            if (layer.parameterCount() > 0) {
                layer.initialize(random);
            }
        }
    }

    @Override
    public INDArray forward(INDArray x) {
        INDArray f = x;
        for (Layer layer : branch) {
            f = layer.forward(f);
        }
        return f.mul(b).addi(x.mul(a));
    }

    @Override
    public INDArray backward(INDArray outputGradient, boolean inputGradient) {
        INDArray g = outputGradient.mul(b);
        for (int i = branch.size() - 1; i >= 0; i--) {
            g = branch.get(i).backward(g, i > 0 || inputGradient);
        }
        return inputGradient ? g.addi(outputGradient.mul(a)) : null;
    }

    /** Allocates its scratch per call: blocks are for studies, not for the actors' hot path. */
    @Override
    public void forwardPlain(float[] parameters, int offset, float[] x, int xOffset, float[] y) {
        float[] f = x;
        int fOffset = xOffset;
        int p = offset;
        for (Layer layer : branch) {
            float[] next = new float[layer.outputSize()];
            layer.forwardPlain(parameters, p, f, fOffset, next);
            p += layer.parameterCount();
            f = next;
            fOffset = 0;
        }
        for (int i = 0; i < size; i++) {
            y[i] = (float) (a * x[xOffset + i] + b * f[i]);
        }
    }
}
