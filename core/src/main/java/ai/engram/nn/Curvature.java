package ai.engram.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A network's loss L(theta) on one batch, its gradient and exact Hessian-vector products H v by
 * Pearlmutter's (1994) R-operator: R{f} = d/dr f(theta + r v) at r = 0, pushed forward through the
 * forward pass and then through the backward pass (forward-over-backward). One product costs about
 * one forward and one backward pass, and is exact up to rounding: no finite differences.
 *
 * <p>{@link #at} runs the forward and backward pass once and keeps what the R-passes need, so the
 * many products of conjugate gradient or power iteration at the same parameters cost only the
 * R-passes. Supports {@link Dense} and {@link Activation} layers (ReLU, whose second derivative is
 * zero almost everywhere, and tanh); computes in the network's precision (float64 networks for
 * exact checks).
 */
public final class Curvature {

    /** A loss of the network's outputs z (batch x outputs): what it and its first two derivatives in z are. */
    public interface OutputLoss {

        /** The loss, dL/dz and the product of d2L/dz2 with a direction R{z}, at outputs {@code z}. */
        Local at(INDArray z);
    }

    /**
     * @param value    L(z)
     * @param gradient dL/dz, batch x outputs; row i is the part of it that row i's term of L gives
     * @param hessian  R{z} to d2L/dz2 R{z}, both batch x outputs
     */
    public record Local(double value, INDArray gradient, java.util.function.UnaryOperator<INDArray> hessian) {
    }

    private final List<Layer> layers;
    private final int[] offsets;
    private final INDArray parameters;
    private final DataType type;
    /** inputs[i]: the input of layer i in the forward pass; inputs[layers] the output z. */
    private final INDArray[] inputs;
    /** outputGradients[i]: dL/d(output of layer i). */
    private final INDArray[] outputGradients;
    private final Local local;
    private final double weightDecay;
    private final double value;
    private final double[] gradient;

    private Curvature(Network network, INDArray x, OutputLoss loss, double weightDecay) {
        this.weightDecay = weightDecay;
        layers = network.layers();
        offsets = new int[layers.size()];
        for (int i = 0, offset = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (!(layer instanceof Dense) && !(layer instanceof Activation)) {
                throw new IllegalArgumentException("Hessian-vector products support Dense and Activation layers; layer " + i
                        + " is a " + layer.getClass().getSimpleName());
            }
            offsets[i] = offset;
            offset += layer.parameterCount();
        }
        parameters = network.parameters().dup(); // the products stay those of this point when the network moves on
        type = parameters.dataType();
        inputs = new INDArray[layers.size() + 1];
        inputs[0] = x.castTo(type);
        for (int i = 0; i < layers.size(); i++) {
            inputs[i + 1] = layers.get(i) instanceof Dense d
                    ? inputs[i].mmul(weights(parameters, i, d)).addiRowVector(bias(parameters, i, d))
                    : activation(i, inputs[i]);
        }
        local = loss.at(inputs[layers.size()]);
        outputGradients = new INDArray[layers.size()];
        INDArray flat = Nd4j.zeros(type, parameters.length());
        INDArray g = local.gradient().castTo(type);
        for (int i = layers.size() - 1; i >= 0; i--) {
            outputGradients[i] = g;
            if (layers.get(i) instanceof Dense d) {
                weights(flat, i, d).assign(inputs[i].transpose().mmul(g));
                bias(flat, i, d).assign(g.sum(0));
                g = i > 0 ? g.mmul(weights(parameters, i, d).transpose()) : null;
            } else {
                g = activationDerivative(i).muli(g);
            }
        }
        double[] theta = parameters.toDoubleVector();
        gradient = flat.toDoubleVector();
        double squaredNorm = 0;
        for (int j = 0; j < theta.length; j++) {
            gradient[j] += weightDecay * theta[j];
            squaredNorm += theta[j] * theta[j];
        }
        value = local.value() + weightDecay / 2 * squaredNorm;
    }

    /** The loss of {@code network} (at its current parameters) on batch {@code x} (rows x inputs), ready for products. */
    public static Curvature at(Network network, INDArray x, OutputLoss loss) {
        return new Curvature(network, x, loss, 0);
    }

    /** As {@link #at(Network, INDArray, OutputLoss)} for L(theta) + weightDecay / 2 ||theta||^2. */
    public static Curvature at(Network network, INDArray x, OutputLoss loss, double weightDecay) {
        return new Curvature(network, x, loss, weightDecay);
    }

    /** L(theta), weight decay included. */
    public double value() {
        return value;
    }

    /** dL/dtheta (weight decay included), in the layout of the network's flat parameters. */
    public double[] gradient() {
        return gradient.clone();
    }

    /** The network's output z of the batch. */
    public INDArray output() {
        return inputs[layers.size()];
    }

    /**
     * H v, with H = d2L/dtheta2 (weight decay included) at the parameters of {@link #at}. R-forward: R{y} = R{x} W + x V_W + V_b
     * through a Dense layer, R{y} = f'(x) R{x} through an activation; the loss turns R{z} into
     * R{dL/dz}; R-backward: R{dW} = R{x}^T g + x^T R{g}, R{db} = sum R{g}, R{g_in} = R{g} W^T + g V_W^T
     * through a Dense layer and R{g_in} = f'(x) R{g} + f''(x) R{x} g through an activation.
     */
    public double[] hessianVector(double[] v) {
        // the product's temporaries live in a reused workspace: thousands of products (conjugate gradient
        // inside Newton steps) would otherwise pile up gigabytes of off-heap arrays between garbage collections
        try (MemoryWorkspace ignored = reusedWorkspace("curvature-product")) {
            return hessianVectorInWorkspace(v);
        }
    }

    private static final WorkspaceConfiguration REUSED = WorkspaceConfiguration.builder()
            .initialSize(0).policyAllocation(AllocationPolicy.OVERALLOCATE).overallocationLimit(0.2)
            .policyLearning(LearningPolicy.FIRST_LOOP).policySpill(SpillPolicy.REALLOCATE).build();

    /**
     * Activates the workspace {@code id} of this thread, its memory reused from one scope to the next
     * (close it to end the scope): for loops of many products, whose off-heap temporaries garbage
     * collection frees far slower than they are allocated. Arrays made in it do not outlive the scope.
     */
    public static MemoryWorkspace reusedWorkspace(String id) {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(REUSED, id);
    }

    private double[] hessianVectorInWorkspace(double[] v) {
        INDArray direction = direction(v);
        INDArray[] r = new INDArray[layers.size() + 1];
        r[0] = Nd4j.zerosLike(inputs[0]); // R{x} = 0: the input does not depend on theta (zeros: workspace memory is reused, not cleared)
        for (int i = 0; i < layers.size(); i++) {
            r[i + 1] = layers.get(i) instanceof Dense d
                    ? r[i].mmul(weights(parameters, i, d)).addi(inputs[i].mmul(weights(direction, i, d))).addiRowVector(bias(direction, i, d))
                    : activationDerivative(i).muli(r[i]);
        }
        INDArray rg = local.hessian().apply(r[layers.size()]).castTo(type);
        INDArray hv = Nd4j.zeros(type, parameters.length());
        for (int i = layers.size() - 1; i >= 0; i--) {
            INDArray g = outputGradients[i];
            if (layers.get(i) instanceof Dense d) {
                weights(hv, i, d).assign(r[i].transpose().mmul(g).addi(inputs[i].transpose().mmul(rg)));
                bias(hv, i, d).assign(rg.sum(0));
                if (i > 0) {
                    rg = rg.mmul(weights(parameters, i, d).transpose()).addi(g.mmul(weights(direction, i, d).transpose()));
                }
            } else {
                INDArray next = activationDerivative(i).muli(rg);
                if (((Activation) layers.get(i)).kind() == Activation.Kind.TANH) {
                    // f''(x) = -2 y (1 - y^2) with y = tanh(x)
                    INDArray y = inputs[i + 1];
                    next.addi(y.mul(y).rsubi(1).muli(y).muli(-2).muli(r[i]).muli(g));
                }
                rg = next;
            }
        }
        double[] out = hv.toDoubleVector();
        for (int j = 0; j < out.length; j++) {
            out[j] += weightDecay * v[j];
        }
        return out;
    }

    /**
     * v . g_i for every row i, where g_i is row i's term of dL/dtheta (so the rows' values sum to
     * v . dL/dtheta without the weight decay): all rows in a few batched products, without a backward pass per row. What
     * influence functions need for every training point at once.
     */
    public double[] rowGradientDots(double[] v) {
        INDArray direction = direction(v);
        INDArray dots = Nd4j.zeros(type, inputs[0].rows(), 1);
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Dense d) {
                INDArray g = outputGradients[i];
                // x_i V_W g_i^T + V_b . g_i, as row sums of (X V_W + V_b) * G
                dots.addi(inputs[i].mmul(weights(direction, i, d)).addiRowVector(bias(direction, i, d)).muli(g).sum(true, 1));
            }
        }
        return dots.toDoubleVector();
    }

    private INDArray direction(double[] v) {
        if (v.length != parameters.length()) {
            throw new IllegalArgumentException("the network has " + parameters.length() + " parameters, the vector " + v.length);
        }
        return Nd4j.createFromArray(v).castTo(type);
    }

    private INDArray activation(int i, INDArray x) {
        return switch (((Activation) layers.get(i)).kind()) {
            case RELU -> org.nd4j.linalg.ops.transforms.Transforms.relu(x, true);
            case TANH -> org.nd4j.linalg.ops.transforms.Transforms.tanh(x, true);
        };
    }

    /** f'(x) of activation layer i as a fresh array, from its output y: 1[y > 0] for ReLU, 1 - y^2 for tanh. */
    private INDArray activationDerivative(int i) {
        INDArray y = inputs[i + 1];
        return switch (((Activation) layers.get(i)).kind()) {
            case RELU -> y.gt(0).castTo(type);
            case TANH -> y.mul(y).rsubi(1);
        };
    }

    private INDArray weights(INDArray flat, int i, Dense d) {
        int o = offsets[i];
        return flat.get(NDArrayIndex.interval(o, o + d.inputSize() * d.outputSize())).reshape('c', d.inputSize(), d.outputSize());
    }

    private INDArray bias(INDArray flat, int i, Dense d) {
        int o = offsets[i] + d.inputSize() * d.outputSize();
        return flat.get(NDArrayIndex.interval(o, o + d.outputSize()));
    }

    /** The Dense layers' (index, offset) in the flat parameters, for code that rescales or reads them. */
    public static List<int[]> denseOffsets(Network network) {
        List<int[]> out = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < network.layers().size(); i++) {
            if (network.layers().get(i) instanceof Dense) {
                out.add(new int[] {i, offset});
            }
            offset += network.layers().get(i).parameterCount();
        }
        return out;
    }
}
