package dev.llmbench.weights;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.DType;
import dev.llmbench.runtime.WeightFormat;

/**
 * The int4 layouts of published AWQ and GPTQ checkpoints, read as they are into a {@link QuantizedWeight} (codes
 * (out, in), a scale and a zero point per output row and group of {@code group} inputs): the weight is
 * (code − zero) × scale. Eight 4-bit values per little-endian int32, value i in bits 4i .. 4i+3.
 * <ul>
 *   <li>GPTQ (AutoGPTQ's format): {@code qweight} (in / 8, out), word (k, n) holding inputs 8k … 8k+7 of output n;
 *       {@code qzeros} (in / group, out / 8), word (g, j) holding outputs 8j … 8j+7 of group g, each stored as
 *       (zero − 1) mod 16 (the "gptq" checkpoint format; "gptq_v2" stores the zero itself); {@code scales} (in / group, out);
 *       {@code g_idx} (in), each input's group, which must be input / group (no act-order reordering).</li>
 *   <li>AWQ (the GEMM layout): {@code qweight} (in, out / 8), word (k, j) holding outputs 8j … 8j+7 of input k in the
 *       order 0, 2, 4, 6, 1, 3, 5, 7 (value i is output 8j + ORDER[i]); {@code qzeros} (in / group, out / 8) packed the
 *       same way; {@code scales} (in / group, out).</li>
 * </ul>
 */
public final class PackedInt4 {
    /** AWQ's packing order: value i of a word is output {@code 8j + AWQ_ORDER[i]}. */
    static final int[] AWQ_ORDER = {0, 2, 4, 6, 1, 3, 5, 7};

    private PackedInt4() {
    }

    /** The format these checkpoints hold: int4 codes, a scale and a zero point per group of {@code group} inputs. */
    public static WeightFormat format(DType scales, int group) {
        return new WeightFormat(scales, WeightFormat.Codes.INT4, WeightFormat.Scales.PER_GROUP, group, true);
    }

    /** Value {@code i} (0..7) of a packed word. */
    static int nibble(int word, int i) {
        return (word >>> (4 * i)) & 0xF;
    }

    /**
     * A GPTQ linear of {@code out} × {@code in}; {@code gIdx} may be null (then every input is in group input / group);
     * {@code zerosMinusOne} for the "gptq" checkpoint format.
     */
    public static QuantizedWeight gptq(int[] qweight, int[] qzeros, float[] scales, int[] gIdx, int out, int in, int group,
                                       boolean zerosMinusOne, DType scaleType) {
        requireShape(out, in, group);
        int groups = in / group;
        requireLength("qweight", qweight, in / 8 * out);
        requireLength("qzeros", qzeros, groups * out / 8);
        requireLength("scales", scales, groups * out);
        if (gIdx != null) {
            requireLength("g_idx", gIdx, in);
            for (int k = 0; k < in; k++) {
                if (gIdx[k] != k / group) {
                    throw new LlmbenchException("GPTQ weight with act-order (g_idx[" + k + "] = " + gIdx[k] + ", not " + k / group
                            + "): reordered groups are not supported; quantize with desc_act=false");
                }
            }
        }
        float[] codes = new float[out * in];
        for (int k = 0; k < in; k++) {
            for (int n = 0; n < out; n++) codes[n * in + k] = nibble(qweight[(k / 8) * out + n], k % 8);
        }
        int[] zeros = new int[out * groups];
        float[] rowScales = new float[out * groups];
        for (int g = 0; g < groups; g++) {
            for (int n = 0; n < out; n++) {
                // stored minus one in 4 bits: a zero of 0 is stored as 15 and read back as (15 + 1) & 15, as AutoGPTQ does
                zeros[n * groups + g] = (nibble(qzeros[g * (out / 8) + n / 8], n % 8) + (zerosMinusOne ? 1 : 0)) & 0xF;
                rowScales[n * groups + g] = scales[g * out + n];
            }
        }
        return new QuantizedWeight(format(scaleType, group), out, in, codes, rowScales, zeros);
    }

    /** An AWQ (GEMM layout) linear of {@code out} × {@code in}. */
    public static QuantizedWeight awq(int[] qweight, int[] qzeros, float[] scales, int out, int in, int group, DType scaleType) {
        requireShape(out, in, group);
        int groups = in / group;
        requireLength("qweight", qweight, in * out / 8);
        requireLength("qzeros", qzeros, groups * out / 8);
        requireLength("scales", scales, groups * out);
        float[] codes = new float[out * in];
        for (int k = 0; k < in; k++) {
            for (int j = 0; j < out / 8; j++) {
                int word = qweight[k * (out / 8) + j];
                for (int i = 0; i < 8; i++) codes[(8 * j + AWQ_ORDER[i]) * in + k] = nibble(word, i);
            }
        }
        int[] zeros = new int[out * groups];
        float[] rowScales = new float[out * groups];
        for (int g = 0; g < groups; g++) {
            for (int j = 0; j < out / 8; j++) {
                int word = qzeros[g * (out / 8) + j];
                for (int i = 0; i < 8; i++) zeros[(8 * j + AWQ_ORDER[i]) * groups + g] = nibble(word, i);
            }
            for (int n = 0; n < out; n++) rowScales[n * groups + g] = scales[g * out + n];
        }
        return new QuantizedWeight(format(scaleType, group), out, in, codes, rowScales, zeros);
    }

    private static void requireShape(int out, int in, int group) {
        if (group <= 0 || in % group != 0 || in % 8 != 0 || out % 8 != 0) {
            throw new LlmbenchException("a packed int4 weight of " + out + " × " + in + " in groups of " + group
                    + ": the inputs must be a multiple of the group and of 8, the outputs of 8");
        }
    }

    private static void requireLength(String what, Object array, int expected) {
        int length = array instanceof int[] ints ? ints.length : ((float[]) array).length;
        if (length != expected) {
            throw new LlmbenchException(what + " holds " + length + " values, expected " + expected);
        }
    }
}
