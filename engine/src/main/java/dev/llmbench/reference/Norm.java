package dev.llmbench.reference;

import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.NormKind;
import dev.llmbench.weights.HostWeights;

/**
 * LayerNorm ((x - mean) / sqrt(var + eps) * w + b, biased variance as PyTorch) or RMSNorm
 * (x / sqrt(mean(x^2) + eps) * w), over the last dimension.
 */
final class Norm {
    private final NormKind kind;
    private final float eps;
    private final float[] weight;
    private final float[] bias; // LayerNorm only

    Norm(NormKind kind, float eps, float[] weight, float[] bias) {
        this.kind = kind;
        this.eps = eps;
        this.weight = weight;
        this.bias = bias;
    }

    /** The model's norm NAME.weight (and for LayerNorm NAME.bias) from {@code weights}. */
    static Norm of(ModelConfig config, HostWeights weights, String name) {
        NormKind kind = config.arch().norm();
        float[] bias = kind == NormKind.LAYER_NORM ? weights.data(name + ".bias") : null;
        return new Norm(kind, config.arch().normEps(), weights.data(name + ".weight"), bias);
    }

    /** x (rows, C) -> normalised (rows, C). */
    float[] apply(float[] x, int rows) {
        int width = weight.length;
        float[] y = new float[x.length];
        for (int r = 0; r < rows; r++) {
            int base = r * width;
            double mean = 0;
            if (kind == NormKind.LAYER_NORM) {
                for (int i = 0; i < width; i++) mean += x[base + i];
                mean /= width;
            }
            double squares = 0;
            for (int i = 0; i < width; i++) {
                double d = x[base + i] - mean;
                squares += d * d;
            }
            double inverseScale = 1.0 / Math.sqrt(squares / width + eps);
            for (int i = 0; i < width; i++) {
                double normalised = (x[base + i] - mean) * inverseScale * weight[i];
                y[base + i] = (float) (bias == null ? normalised : normalised + bias[i]);
            }
        }
        return y;
    }
}
