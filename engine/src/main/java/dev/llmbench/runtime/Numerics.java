package dev.llmbench.runtime;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.DType;
import dev.llmbench.model.Precision;

/**
 * The element types an engine stores, decided once: its activations, its weights and its KV cache. The
 * memory plan, the weight upload, the activation buffers and the caches read this value, so a format that
 * stores them differently (an fp8 KV cache, int8 or int4 weights with their scales) is a new value here and
 * a change where it is read, nothing else. Today the kernels take one storage type throughout, so a
 * precision gives all three the same type and the engine refuses a mixed value.
 */
public record Numerics(DType activations, DType weights, DType kvCache) {

    /** TensorRT-LLM's --dtype: weights, activations and KV cache all in that type (accumulation is fp32). */
    public static Numerics of(Precision precision) {
        DType type = switch (precision) {
            case FLOAT32 -> DType.F32;
            case FLOAT16 -> DType.F16;
            case BFLOAT16 -> DType.BF16;
        };
        return new Numerics(type, type, type);
    }

    /** The one storage type of an engine whose kernels take one type throughout; throws for a mixed value. */
    DType uniform() {
        if (weights != activations || kvCache != activations) {
            throw new LlmbenchException("activations " + activations + ", weights " + weights + " and KV cache " + kvCache
                    + " in different types are not implemented yet");
        }
        return activations;
    }
}
