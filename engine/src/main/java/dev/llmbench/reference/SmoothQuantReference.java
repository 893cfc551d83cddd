package dev.llmbench.reference;

import dev.llmbench.LlmbenchException;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.runtime.Numerics;
import dev.llmbench.weights.HostWeights;
import dev.llmbench.weights.QuantizedWeight;
import dev.llmbench.weights.Quantizer;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * The CPU reference of SmoothQuant (W8A8: TensorRT-LLM's int8_sq_per_tensor, int8_sq_per_token_channel and
 * int8_sq_per_channel_ootb), the math the GPU's int8 products must reproduce:
 * <pre>
 *   calibration: the fp32 model over random prompts; amax[j] = the largest |x[., j]| at each layer's input
 *   smoothing:   s[j] = max(amax[j], 1e-5)^alpha / max(max_o |W[o, j]|, 1e-5)^(1 - alpha)       (alpha 0.5)
 *                x' = x / s, W' = W · s (per input column): x' W'^T = x W^T
 *   weights:     W' to int8 codes with a scale per output row or per tensor ({@link Quantizer}: round to nearest,
 *                scales rounded to the activations' type)
 *   activations: per token, scale = max_j |x'[t, j]| / 127 at run time; per tensor, scale = max_j amax[j] / s[j] / 127
 *                from the calibration; code = clamp(rint(x' / scale), -128, 127)
 *   product:     y[t, o] = (sum_j xcode[t, j] · wcode[o, j]) (exact, in integers) · xscale · wscale[o] + b[o]
 * </pre>
 * for every block linear layer (QKV, attention out, MLP up and down); embeddings, norms and the LM head stay
 * fp32. TensorRT-LLM folds s into the preceding norm where there is one; dividing the input by s is the same
 * math. Mixtures of experts are not smoothed here.
 */
public final class SmoothQuantReference {
    public static final double ALPHA = 0.5;
    /** Calibration: prompts and tokens each, drawn from {@link #CALIBRATION_SEED}. */
    static final int CALIBRATION_PROMPTS = 4, CALIBRATION_TOKENS = 32;
    static final long CALIBRATION_SEED = 20261202L;

    private SmoothQuantReference() {
    }

    /** The reference model of {@code c} with {@code weights} under {@code numerics} (an int8_sq_* value). */
    public static ReferenceModel model(ModelConfig c, HostWeights weights, Numerics numerics) {
        if (numerics.activationScales() != Numerics.ActivationScales.INT8_PER_TENSOR
                && numerics.activationScales() != Numerics.ActivationScales.INT8_PER_TOKEN) {
            throw new LlmbenchException("quantization " + numerics.quantization().id + " is not SmoothQuant");
        }
        if (c.arch().experts().present()) {
            throw new LlmbenchException("SmoothQuant of a mixture of experts (" + c.name() + ") is not implemented");
        }
        Map<String, float[]> amax = calibrate(c, weights);
        boolean perToken = numerics.activationScales() == Numerics.ActivationScales.INT8_PER_TOKEN;
        return new ReferenceModel(c, weights, (name, w, b, out, in) -> new W8A8(w, b, out, in, amax.get(name), numerics, perToken));
    }

    /** Each block linear layer's input amax per channel, over a forward pass of random prompts. */
    static Map<String, float[]> calibrate(ModelConfig c, HostWeights weights) {
        Map<String, float[]> amax = new HashMap<>();
        ReferenceModel observed = new ReferenceModel(c, weights, (name, w, b, out, in) -> new Linear(w, b, out, in) {
            @Override
            float[] apply(float[] x, int rows) {
                float[] m = amax.computeIfAbsent(name, k -> new float[in]);
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < in; j++) m[j] = Math.max(m[j], Math.abs(x[r * in + j]));
                }
                return super.apply(x, rows);
            }
        });
        Random random = new Random(CALIBRATION_SEED);
        boolean tables = c.arch().positions().learned() || c.arch().positions().learned2d(); // prompts within their positions
        int tokens = Math.min(CALIBRATION_TOKENS, tables ? c.arch().positions().maxPositions() : CALIBRATION_TOKENS);
        int[][] prompts = new int[CALIBRATION_PROMPTS][tokens];
        for (int[] p : prompts) for (int t = 0; t < tokens; t++) p[t] = random.nextInt(c.vocabSize());
        observed.newSession(prompts.length, tokens).forward(prompts);
        return amax;
    }

    /** Smoothing factors of one layer (see the class notes). */
    static float[] smoothing(float[] w, int out, int in, float[] amax) {
        float[] s = new float[in];
        for (int j = 0; j < in; j++) {
            float wmax = 0;
            for (int o = 0; o < out; o++) wmax = Math.max(wmax, Math.abs(w[o * in + j]));
            s[j] = (float) (Math.pow(Math.max(amax[j], 1e-5), ALPHA) / Math.pow(Math.max(wmax, 1e-5), 1 - ALPHA));
        }
        return s;
    }

    /** Activation codes of one row x' (already smoothed) into {@code codes}: clamp(rint(x' / scale), -128, 127). */
    static void quantizeRow(float[] x, float scale, int[] codes) {
        for (int j = 0; j < codes.length; j++) codes[j] = (int) Math.max(-128, Math.min(127, Math.rint(x[j] / scale)));
    }

    /** One smoothed, quantized layer. */
    static final class W8A8 extends Linear {
        private final float[] smooth;     // (in)
        private final QuantizedWeight w;  // W' codes and scales
        private final boolean perToken;
        private final float staticScale;  // per tensor: from the calibration

        W8A8(float[] weight, float[] bias, int out, int in, float[] amax, Numerics numerics, boolean perToken) {
            super(weight, bias, out, in);
            this.smooth = smoothing(weight, out, in, amax);
            float[] smoothed = new float[out * in];
            for (int o = 0; o < out; o++) {
                for (int j = 0; j < in; j++) smoothed[o * in + j] = weight[o * in + j] * smooth[j];
            }
            this.w = Quantizer.quantize(smoothed, out, in, numerics.weights());
            this.perToken = perToken;
            float m = 0;
            for (int j = 0; j < in; j++) m = Math.max(m, amax[j] / smooth[j]);
            this.staticScale = m > 0 ? m / 127f : 1f;
        }

        @Override
        float[] apply(float[] x, int rows) {
            float[] y = new float[rows * out];
            float[] smoothed = new float[in];
            int[] codes = new int[in];
            for (int r = 0; r < rows; r++) {
                float m = 0;
                for (int j = 0; j < in; j++) {
                    smoothed[j] = x[r * in + j] / smooth[j];
                    m = Math.max(m, Math.abs(smoothed[j]));
                }
                float scale = perToken ? (m > 0 ? m / 127f : 1f) : staticScale;
                quantizeRow(smoothed, scale, codes);
                for (int o = 0; o < out; o++) {
                    long dot = 0;
                    for (int j = 0; j < in; j++) dot += (long) codes[j] * (long) w.codes()[o * in + j];
                    double v = dot * (double) scale * w.scales()[w.scaleIndex(o, 0)];
                    y[r * out + o] = (float) (bias == null ? v : v + bias[o]);
                }
            }
            return y;
        }
    }
}
