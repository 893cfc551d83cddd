package dev.llmbench.weights;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.DType;

import java.util.Optional;

/**
 * A checkpoint whose linear weights are published AWQ or GPTQ int4 (config.json's {@code quantization_config}:
 * {@code quant_method} "awq" or "gptq", {@code bits} 4, {@code group_size}; GPTQ's {@code checkpoint_format} "gptq"
 * stores zeros minus one, "gptq_v2" the zeros themselves). Such a linear is NAME.qweight, .qzeros, .scales (and
 * GPTQ's .g_idx) instead of NAME.weight; {@link CheckpointTensors} reads it as the weight it holds
 * ({@link PackedInt4}, the codes as they are).
 */
public record PackedCheckpoint(Method method, int groupSize, boolean zerosMinusOne) {
    public enum Method { AWQ, GPTQ }

    /** The packed format config.json names, or empty for a dense checkpoint; other quantizations are refused. */
    public static Optional<PackedCheckpoint> of(HfConfig config) {
        if (!config.has("quantization_config")) return Optional.empty();
        JsonNode q = config.node("quantization_config");
        String method = q.path("quant_method").asText("");
        int bits = q.path("bits").asInt(q.path("w_bit").asInt(-1));
        int group = q.path("group_size").asInt(q.path("q_group_size").asInt(-1));
        Method m = switch (method) {
            case "awq" -> Method.AWQ;
            case "gptq" -> Method.GPTQ;
            default -> throw config.problem("has quant_method '" + method + "': only awq and gptq checkpoints are read");
        };
        if (bits != 4) throw config.problem("quantizes to " + bits + " bits: only 4-bit " + method + " checkpoints are read");
        if (group <= 0) throw config.problem("gives no positive group_size (per-channel " + method + " is not read)");
        if (m == Method.AWQ && !q.path("version").asText("gemm").equalsIgnoreCase("gemm")) {
            throw config.problem("holds AWQ version '" + q.path("version").asText() + "': only the GEMM layout is read");
        }
        if (m == Method.GPTQ && q.path("desc_act").asBoolean(false)) {
            throw config.problem("holds GPTQ with desc_act (act-order): reordered groups are not read");
        }
        String format = q.path("checkpoint_format").asText("gptq");
        if (m == Method.GPTQ && !format.equals("gptq") && !format.equals("gptq_v2")) {
            throw config.problem("holds GPTQ checkpoint_format '" + format + "': only gptq and gptq_v2 are read");
        }
        if (m == Method.AWQ && !q.path("zero_point").asBoolean(true)) {
            throw config.problem("holds AWQ without zero points: only AWQ with zero points is read");
        }
        boolean minusOne = m == Method.GPTQ && format.equals("gptq");
        return Optional.of(new PackedCheckpoint(m, group, minusOne));
    }

    /** Whether {@code reader} holds NAME (a linear's prefix) packed: NAME.qweight. */
    boolean holds(SafetensorsReader reader, String prefix) {
        return reader.contains(prefix + ".qweight");
    }

    /**
     * The weight NAME holds packed, as fp32 (code − zero) × scale, in the shape {@code expected}: (out, in) as the
     * packed tensors' own shapes give it, or (in, out) for a family that reads Conv1D weights (GPT-2) and transposes
     * them itself. The packed tensors' shapes are checked against each other and against {@code expected}.
     */
    HostTensor read(SafetensorsReader reader, String prefix, int[] expected) {
        String weightName = prefix + ".weight";
        int[] qshape = reader.shape(prefix + ".qweight");
        if (qshape.length != 2) throw new LlmbenchException(prefix + ".qweight is not a matrix");
        int in = method == Method.GPTQ ? qshape[0] * 8 : qshape[0];
        int out = method == Method.GPTQ ? qshape[1] : qshape[1] * 8;
        requireShape(reader, prefix + ".qzeros", in / groupSize, out / 8);
        requireShape(reader, prefix + ".scales", in / groupSize, out);
        boolean transposed;
        if (expected.length == 2 && expected[0] == out && expected[1] == in) {
            transposed = false;
        } else if (expected.length == 2 && expected[0] == in && expected[1] == out) {
            transposed = true;
        } else {
            throw new LlmbenchException("packed weight '" + weightName + "' holds " + out + " × " + in + ", expected "
                    + java.util.Arrays.toString(expected));
        }
        int[] qweight = reader.readInts(prefix + ".qweight");
        int[] qzeros = reader.readInts(prefix + ".qzeros");
        String scaleName = prefix + ".scales";
        DType scaleType = switch (reader.dtype(scaleName)) {
            case "F16" -> DType.F16;
            case "BF16" -> DType.BF16;
            case "F32" -> DType.F32;
            default -> throw new LlmbenchException(scaleName + " has dtype " + reader.dtype(scaleName));
        };
        float[] scales = reader.read(scaleName).data();
        QuantizedWeight q = method == Method.AWQ
                ? PackedInt4.awq(qweight, qzeros, scales, out, in, groupSize, scaleType)
                : PackedInt4.gptq(qweight, qzeros, scales, reader.contains(prefix + ".g_idx") ? reader.readInts(prefix + ".g_idx") : null,
                out, in, groupSize, zerosMinusOne, scaleType);
        HostTensor weight = new HostTensor(weightName, new int[] {out, in}, q.dequantized());
        return transposed ? weight.transposed(weightName) : weight;
    }

    private static void requireShape(SafetensorsReader reader, String name, int... expected) {
        if (!reader.contains(name)) throw new LlmbenchException("packed int4 weight lacks '" + name + "'");
        int[] actual = reader.shape(name);
        if (!java.util.Arrays.equals(actual, expected)) {
            throw new LlmbenchException("'" + name + "' has shape " + java.util.Arrays.toString(actual) + ", expected "
                    + java.util.Arrays.toString(expected));
        }
    }
}
