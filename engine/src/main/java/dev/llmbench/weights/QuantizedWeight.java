package dev.llmbench.weights;

import dev.llmbench.runtime.WeightFormat;

/**
 * One linear weight (out × in, row-major) in a quantized {@link WeightFormat}: a code per element (an int8 or
 * int4 value, or the e4m3 value itself for fp8), the scales (already rounded to the format's dense type, as the
 * GPU stores them) and, for GPTQ, zero points. {@link #dequantized} is the weight every quantized product
 * computes with, so the CPU reference of a quantized model runs on it.
 *
 * @param codes  out × in codes; for fp8 the e4m3-rounded value of w / scale
 * @param scales one per tensor, per output row, or per (row, group), as the format says
 * @param zeros  GPTQ's zero point per scale (0..15), else null
 */
public record QuantizedWeight(WeightFormat format, int out, int in, float[] codes, float[] scales, int[] zeros) {

    /** The scale index of element (row, col). */
    public int scaleIndex(int row, int col) {
        return switch (format.scales()) {
            case PER_TENSOR -> 0;
            case PER_CHANNEL -> row;
            case PER_GROUP -> row * (in / format.groupSize()) + col / format.groupSize();
            case NONE -> throw new IllegalStateException("a dense weight has no scales");
        };
    }

    /** code × scale, or (code − zero) × scale: the weight as the quantized product sees it, in fp32. */
    public float[] dequantized() {
        float[] w = new float[out * in];
        for (int r = 0; r < out; r++) {
            for (int c = 0; c < in; c++) {
                int s = scaleIndex(r, c);
                float code = codes[r * in + c] - (zeros == null ? 0 : zeros[s]);
                w[r * in + c] = code * scales[s];
            }
        }
        return w;
    }
}
