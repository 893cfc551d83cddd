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
        boolean minusOne = m == Method.GPTQ && !q.path("checkpoint_format").asText("gptq").equals("gptq_v2");
        return Optional.of(new PackedCheckpoint(m, group, minusOne));
    }

    /** Whether {@code reader} holds NAME (a linear's prefix) packed: NAME.qweight. */
    boolean holds(SafetensorsReader reader, String prefix) {
        return reader.contains(prefix + ".qweight");
    }

    /** The (out, in) weight NAME holds packed, as fp32 (code − zero) × scale. */
    HostTensor read(SafetensorsReader reader, String prefix, int out, int in) {
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
        return new HostTensor(prefix + ".weight", new int[] {out, in}, q.dequantized());
    }
}
