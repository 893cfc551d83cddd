package dev.llmbench.runtime;

import dev.llmbench.cuda.DType;

/**
 * How a linear layer's weight (out × in) is stored: dense in a float type, or quantized codes with their
 * scales (in the dense type) and, for GPTQ, zero points (4 bits each). Embeddings, norms and biases stay
 * dense in every format; the formats are TensorRT-LLM's (see {@link Numerics#of}).
 *
 * @param dense     the float type of a dense weight, of the scales, and of the product's inputs and outputs
 * @param codes     dense, int8, int4 (two per byte) or fp8 e4m3
 * @param scales    none (dense), one per tensor, one per output channel, or one per group of inputs
 * @param groupSize inputs per scale for {@link Scales#PER_GROUP}, else 0
 * @param zeroPoints a zero point beside each scale (GPTQ)
 */
public record WeightFormat(DType dense, Codes codes, Scales scales, int groupSize, boolean zeroPoints) {

    public enum Codes {
        DENSE(0), INT8(8), INT4(4), FP8_E4M3(8);

        public final int bits;

        Codes(int bits) {
            this.bits = bits;
        }
    }

    public enum Scales { NONE, PER_TENSOR, PER_CHANNEL, PER_GROUP }

    public WeightFormat {
        if ((codes == Codes.DENSE) != (scales == Scales.NONE)) {
            throw new IllegalArgumentException("dense weights have no scales and quantized ones have some: " + codes + ", " + scales);
        }
        if ((scales == Scales.PER_GROUP) != (groupSize > 0)) {
            throw new IllegalArgumentException("a group size goes with per-group scales only: " + scales + ", " + groupSize);
        }
    }

    public static WeightFormat dense(DType type) {
        return new WeightFormat(type, Codes.DENSE, Scales.NONE, 0, false);
    }

    public boolean quantized() {
        return codes != Codes.DENSE;
    }

    /** Bytes of an (out, in) weight in this format: codes, scales and zero points. */
    public long bytes(long out, long in) {
        if (!quantized()) return out * in * dense.bytes;
        long codeBytes = (out * in * codes.bits + 7) / 8;
        long scaleCount = switch (scales) {
            case NONE -> 0;
            case PER_TENSOR -> 1;
            case PER_CHANNEL -> out;
            case PER_GROUP -> out * ((in + groupSize - 1) / groupSize);
        };
        return codeBytes + scaleCount * dense.bytes + (zeroPoints ? (scaleCount + 1) / 2 : 0);
    }

    /** Why this format cannot store a weight of {@code in} inputs, or null: a group must divide the row. */
    public String problemWith(long in) {
        if (scales == Scales.PER_GROUP && in % groupSize != 0) {
            return "groups of " + groupSize + " do not divide a row of " + in + " inputs";
        }
        if (codes == Codes.INT4 && in % 2 != 0) return "int4 packs two inputs a byte; a row of " + in + " is odd";
        return null;
    }

    public String describe() {
        if (!quantized()) return dense.name().toLowerCase(java.util.Locale.ROOT);
        String s = codes.name().toLowerCase(java.util.Locale.ROOT) + " " + switch (scales) {
            case PER_TENSOR -> "per tensor";
            case PER_CHANNEL -> "per channel";
            case PER_GROUP -> "groups of " + groupSize;
            case NONE -> "";
        };
        return zeroPoints ? s + " with zero points" : s;
    }
}
