package dev.llmbench.model;

import dev.llmbench.LlmbenchException;

import java.util.Arrays;

/**
 * TensorRT-LLM's {@code --quantization} values. What each stores and computes is decided once, in
 * {@code runtime.Numerics#of}; the registry's SmoothQuant rows name theirs.
 */
public enum Quantization {
    NONE("none"),
    /** W8A16: int8 weights, one scale per output channel. */
    INT8_WEIGHT_ONLY("int8_weight_only"),
    /** W4A16: int4 weights, one scale per output channel. */
    INT4_WEIGHT_ONLY("int4_weight_only"),
    /** W4A16, AWQ: int4 weights in groups of 128 inputs (the activation pre-scale folded into the weights). */
    INT4_WEIGHT_ONLY_AWQ("int4_weight_only_awq"),
    /** W4A16, GPTQ: int4 weights in groups of 128 inputs with zero points. */
    INT4_WEIGHT_ONLY_GPTQ("int4_weight_only_gptq"),
    /** SmoothQuant W8A8: one weight scale and one activation scale per tensor. */
    INT8_SQ_PER_TENSOR("int8_sq_per_tensor"),
    /** SmoothQuant W8A8: a weight scale per output channel, an activation scale per token. */
    INT8_SQ_PER_TOKEN_CHANNEL("int8_sq_per_token_channel"),
    /** SmoothQuant W8A8 without its plugins: a weight scale per output channel, one activation scale. */
    INT8_SQ_PER_CHANNEL_OOTB("int8_sq_per_channel_ootb"),
    /** FP8 e4m3 weights, activations and KV cache, with scales per tensor. */
    FP8("fp8"),
    /** FP8 e4m3 products only; the KV cache stays in the activation type. */
    FP8_GEMM("fp8_gemm"),
    /** An FP8 e4m3 KV cache only. */
    FP8_KV_CACHE("fp8_kv_cache");

    public final String id;

    Quantization(String id) {
        this.id = id;
    }

    public static Quantization parse(String s) {
        for (Quantization q : values()) {
            if (q.id.equals(s)) return q;
        }
        throw new LlmbenchException("unknown quantization '" + s + "': use " + choices());
    }

    public static String choices() {
        return Choices.of(Arrays.stream(values()).map(q -> q.id).toList());
    }
}
