package ai.engram.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Clipping of the global gradient norm, as {@code torch.nn.utils.clip_grad_norm_}; shared by the optimizers. */
final class GradientClipping {

    private GradientClipping() {
    }

    /**
     * Scales {@code gradients} in place so their norm is at most {@code maxNorm}, and returns the
     * norm before clipping, or NaN when {@code maxNorm} is infinite (the norm is one more ND4J op).
     */
    static double clip(INDArray gradients, double maxNorm) {
        if (maxNorm == Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        double norm = gradients.norm2Number().doubleValue();
        if (norm > maxNorm) {
            gradients.muli(maxNorm / (norm + 1e-6));
        }
        return norm;
    }
}
