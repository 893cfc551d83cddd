package dev.llmbench.weights;

import dev.llmbench.cuda.HalfFloats;
import dev.llmbench.runtime.WeightFormat;

/**
 * Round-to-nearest quantization of a linear weight into a {@link WeightFormat}, as TensorRT-LLM quantizes a
 * checkpoint at load without calibration:
 * <pre>
 *   int8, symmetric:   scale = amax / 127, code = clamp(round(w / scale), -128, 127)
 *   int4, symmetric:   scale = amax / 7,   code = clamp(round(w / scale), -8, 7)
 *   int4 with zeros:   scale = (max − min) / 15, zero = clamp(round(−min / scale), 0, 15),
 *                      code = clamp(round(w / scale) + zero, 0, 15)              (GPTQ's asymmetric grid)
 *   fp8 e4m3:          scale = amax / 448, code = e4m3(w / scale)                (round to nearest even, ±448)
 * </pre>
 * over each group the format's scales cover (the tensor, an output row, or {@code groupSize} inputs of a
 * row); amax is the group's largest magnitude (a group of zeros gets scale 1). Scales are rounded to the
 * format's dense type before the codes are computed from them, so the codes and the stored scales agree.
 */
public final class Quantizer {
    static final float E4M3_MAX = 448f;

    private Quantizer() {
    }

    public static QuantizedWeight quantize(float[] w, int out, int in, WeightFormat f) {
        if (!f.quantized()) throw new IllegalArgumentException("a dense format is not quantized: " + f.describe());
        String problem = f.problemWith(in);
        if (problem != null) throw new IllegalArgumentException(problem);
        int groupsPerRow = switch (f.scales()) {
            case PER_TENSOR -> 0;
            case PER_CHANNEL -> 1;
            case PER_GROUP -> in / f.groupSize();
            case NONE -> throw new IllegalStateException();
        };
        int groups = f.scales() == WeightFormat.Scales.PER_TENSOR ? 1 : out * groupsPerRow;
        int width = f.scales() == WeightFormat.Scales.PER_TENSOR ? in : in / groupsPerRow;
        float[] scales = new float[groups];
        int[] zeros = f.zeroPoints() ? new int[groups] : null;
        float[] codes = new float[out * in];
        QuantizedWeight q = new QuantizedWeight(f, out, in, codes, scales, zeros);
        for (int g = 0; g < groups; g++) {
            // the elements of group g: rows × [c0, c0 + width)
            int rowStart = f.scales() == WeightFormat.Scales.PER_TENSOR ? 0 : g / groupsPerRow;
            int rowEnd = f.scales() == WeightFormat.Scales.PER_TENSOR ? out : rowStart + 1;
            int c0 = f.scales() == WeightFormat.Scales.PER_TENSOR ? 0 : (g % groupsPerRow) * width;
            float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
            for (int r = rowStart; r < rowEnd; r++) {
                for (int c = c0; c < c0 + width; c++) {
                    min = Math.min(min, w[r * in + c]);
                    max = Math.max(max, w[r * in + c]);
                }
            }
            float amax = Math.max(Math.abs(min), Math.abs(max));
            float scale = switch (f.codes()) {
                case INT8 -> amax / 127f;
                case INT4 -> f.zeroPoints() ? (max - min) / 15f : amax / 7f;
                case FP8_E4M3 -> amax / E4M3_MAX;
                case DENSE -> throw new IllegalStateException();
            };
            scale = HalfFloats.roundTo(f.dense(), scale);
            if (!(scale > 0)) scale = 1f;
            scales[g] = scale;
            int zero = 0;
            if (zeros != null) zeros[g] = zero = clamp(Math.round(-min / scale), 0, 15);
            for (int r = rowStart; r < rowEnd; r++) {
                for (int c = c0; c < c0 + width; c++) {
                    float x = w[r * in + c] / scale;
                    codes[r * in + c] = switch (f.codes()) {
                        case INT8 -> clamp(Math.round(x), -128, 127);
                        case INT4 -> zeros != null ? clamp(Math.round(x) + zero, 0, 15) : clamp(Math.round(x), -8, 7);
                        case FP8_E4M3 -> e4m3(x);
                        case DENSE -> throw new IllegalStateException();
                    };
                }
            }
        }
        return q;
    }

    /**
     * {@code weights} with every block linear weight (each expert's too, not the routers) replaced by its
     * quantized-then-dequantized values in {@code f}: the weights a weight-only quantized engine computes with.
     * Embeddings, norms, biases, routers and the LM head stay as they are.
     */
    public static HostWeights weightOnly(HostWeights weights, WeightFormat f) {
        java.util.List<HostTensor> out = new java.util.ArrayList<>();
        for (String name : weights.names()) {
            HostTensor t = weights.get(name);
            int[] s = t.shape();
            if (!WeightLayout.isQuantizable(new WeightShape(name, s, Split.WHOLE))) {
                out.add(t);
                continue;
            }
            int rows = s[s.length - 2], cols = s[s.length - 1], matrices = t.data().length / (rows * cols);
            float[] data = new float[t.data().length];
            for (int m = 0; m < matrices; m++) {
                float[] one = java.util.Arrays.copyOfRange(t.data(), m * rows * cols, (m + 1) * rows * cols);
                System.arraycopy(quantize(one, rows, cols, f).dequantized(), 0, data, m * rows * cols, rows * cols);
            }
            out.add(new HostTensor(name, s, data));
        }
        return new HostWeights(weights.config(), out);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** x rounded to the nearest fp8 e4m3 value (ties to even), saturating at ±448: 3 mantissa bits, subnormals below 2^-6. */
    static float e4m3(float x) {
        if (Float.isNaN(x)) return x;
        float a = Math.min(Math.abs(x), E4M3_MAX);
        int exponent = Math.max(Math.getExponent(a), -6); // below the smallest normal, the subnormals' fixed quantum
        double quantum = Math.scalb(1.0, exponent - 3);
        double rounded = Math.rint(a / quantum) * quantum; // rint: ties to even
        return (float) Math.copySign(Math.min(rounded, E4M3_MAX), x);
    }
}
