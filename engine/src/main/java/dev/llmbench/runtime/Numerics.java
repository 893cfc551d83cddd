package dev.llmbench.runtime;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.DType;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Precision;
import dev.llmbench.model.Quantization;

/**
 * What an engine stores and computes in, decided once: the activation type, the linear weights' format
 * (dense, or quantized codes with scales), how activations are quantized before a product (SmoothQuant,
 * FP8) and the KV cache's element type. The memory plan, the floor, the weight upload and {@code Linear}
 * (the one switch between a dense and a quantized product) read this value; a new format is a new value
 * here and a change where it is read. The GPU engine implements the dense values and int8 weight-only, and
 * refuses the other quantized ones by name ({@link #denseType}).
 *
 * @param quantization      the TensorRT-LLM name this value stands for (none for a plain precision)
 * @param activations       the activations' type (accumulation is fp32)
 * @param weights           the block linear layers' weights; embeddings, norms and biases stay dense
 * @param activationScales  how a product's input is quantized (NONE: it is not)
 * @param kvCache           the KV cache's elements: the activation type, or fp8 e4m3
 */
public record Numerics(Quantization quantization, DType activations, WeightFormat weights, ActivationScales activationScales,
                       KvCache kvCache) {

    public enum ActivationScales { NONE, INT8_PER_TENSOR, INT8_PER_TOKEN, FP8_PER_TENSOR }

    public enum KvCache { ACTIVATION_TYPE, FP8_E4M3 }

    /** Groups of AWQ's and GPTQ's published checkpoints (and TensorRT-LLM's default for them). */
    public static final int INT4_GROUP = 128;

    /** TensorRT-LLM's --dtype alone: weights, activations and KV cache all in that type (accumulation is fp32). */
    public static Numerics of(Precision precision) {
        return of(precision, Quantization.NONE);
    }

    /** --dtype with --quantization: the activations stay in the dtype, which must be float16 or bfloat16. */
    public static Numerics of(Precision precision, Quantization q) {
        DType type = switch (precision) {
            case FLOAT32 -> DType.F32;
            case FLOAT16 -> DType.F16;
            case BFLOAT16 -> DType.BF16;
        };
        if (q != Quantization.NONE && precision == Precision.FLOAT32) {
            throw new LlmbenchException("quantization " + q.id + " runs with float16 or bfloat16 activations, not float32");
        }
        WeightFormat dense = WeightFormat.dense(type);
        WeightFormat.Codes int8 = WeightFormat.Codes.INT8, int4 = WeightFormat.Codes.INT4, fp8 = WeightFormat.Codes.FP8_E4M3;
        WeightFormat.Scales channel = WeightFormat.Scales.PER_CHANNEL, tensor = WeightFormat.Scales.PER_TENSOR;
        ActivationScales none = ActivationScales.NONE;
        KvCache kv = KvCache.ACTIVATION_TYPE;
        return switch (q) {
            case NONE -> new Numerics(q, type, dense, none, kv);
            case INT8_WEIGHT_ONLY -> new Numerics(q, type, new WeightFormat(type, int8, channel, 0, false), none, kv);
            case INT4_WEIGHT_ONLY -> new Numerics(q, type, new WeightFormat(type, int4, channel, 0, false), none, kv);
            case INT4_WEIGHT_ONLY_AWQ -> new Numerics(q, type, new WeightFormat(type, int4, WeightFormat.Scales.PER_GROUP,
                    INT4_GROUP, false), none, kv);
            case INT4_WEIGHT_ONLY_GPTQ -> new Numerics(q, type, new WeightFormat(type, int4, WeightFormat.Scales.PER_GROUP,
                    INT4_GROUP, true), none, kv);
            case INT8_SQ_PER_TENSOR -> new Numerics(q, type, new WeightFormat(type, int8, tensor, 0, false),
                    ActivationScales.INT8_PER_TENSOR, kv);
            case INT8_SQ_PER_TOKEN_CHANNEL -> new Numerics(q, type, new WeightFormat(type, int8, channel, 0, false),
                    ActivationScales.INT8_PER_TOKEN, kv);
            case INT8_SQ_PER_CHANNEL_OOTB -> new Numerics(q, type, new WeightFormat(type, int8, channel, 0, false),
                    ActivationScales.INT8_PER_TENSOR, kv);
            case FP8 -> new Numerics(q, type, new WeightFormat(type, fp8, tensor, 0, false), ActivationScales.FP8_PER_TENSOR,
                    KvCache.FP8_E4M3);
            case FP8_GEMM -> new Numerics(q, type, new WeightFormat(type, fp8, tensor, 0, false), ActivationScales.FP8_PER_TENSOR, kv);
            case FP8_KV_CACHE -> new Numerics(q, type, dense, none, KvCache.FP8_E4M3);
        };
    }

    /** Bytes of one KV-cache element. */
    public int kvCacheBytes() {
        return kvCache == KvCache.FP8_E4M3 ? 1 : activations.bytes;
    }

    /** Why {@code c}'s linear layers cannot be stored in this format (a group that does not divide a row), or null. */
    public String problemWith(ModelConfig c) {
        for (int in : new int[] {c.hiddenSize(), c.numHeads() * c.headDim(), c.mlpSize()}) {
            String problem = weights.problemWith(in);
            if (problem != null) return "quantization " + quantization.id + " cannot store " + c.name() + ": " + problem;
        }
        return null;
    }

    /** The activations' type, which the GPU engine's kernels are instantiated for ({@link #requireImplemented} first). */
    DType denseType() {
        requireImplemented();
        return activations;
    }

    /**
     * Throws, naming the quantization, for a value the GPU engine does not run yet. Implemented: every plain
     * precision, and the weight-only values: int8 per channel, int4 per channel and in groups ({@link
     * DeviceWeights#requireStorable}).
     */
    public void requireImplemented() {
        boolean implemented = activationScales == ActivationScales.NONE && kvCache == KvCache.ACTIVATION_TYPE;
        try {
            DeviceWeights.requireStorable(weights);
        } catch (LlmbenchException notStored) {
            implemented = false;
        }
        if (!implemented) {
            throw new LlmbenchException("quantization " + quantization.id + " (weights " + weights.describe()
                    + ") is not implemented in the GPU engine yet");
        }
    }
}
