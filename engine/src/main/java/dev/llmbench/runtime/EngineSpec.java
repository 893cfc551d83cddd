package dev.llmbench.runtime;

import dev.llmbench.LlmbenchException;
import dev.llmbench.families.Families;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Mode;
import dev.llmbench.model.Precision;
import dev.llmbench.model.Shard;

/**
 * Everything an engine is built for: one model, precision and mode, and one generation shape — the
 * batch of prompts of {@code inputLen} tokens each, {@code outputLen} new tokens each. The KV cache and
 * activations are sized for exactly this shape at build time.
 *
 * @param cudaGraph replay the generation step from a CUDA graph (else launch its kernels one by one)
 * @param device    the CUDA device the engine runs on (one engine per GPU)
 * @param shard     the tensor-parallel rank this engine is of the model ({@link Shard#WHOLE} on one GPU)
 */
public record EngineSpec(ModelConfig config, Precision precision, Mode mode, int batch, int inputLen, int outputLen,
                         WeightSource weights, boolean cudaGraph, int device, Shard shard) {

    /** What this engine stores and computes in (the registry's quantization is refused before an engine exists). */
    public Numerics numerics() {
        return Numerics.of(precision);
    }

    /** Positions the KV cache holds per sequence: the prompt and every generated token but the last. */
    public int maxSeq() {
        return inputLen + outputLen;
    }

    /** Throws a clear message when the shape is outside the model's limits. */
    public void validate() {
        ModelConfig c = config;
        if (c.arch().encoder()) {
            throw new LlmbenchException(c.name() + " is an encoder: the encoder engine runs it, not the decoder engine");
        }
        Families.requireImplemented(c);
        if (batch < 1 || inputLen < 1 || outputLen < 1) {
            throw new LlmbenchException("batch " + batch + ", input length " + inputLen + " and output length " + outputLen
                    + " must all be at least 1");
        }
        c.batchBeyondLimits(batch).or(() -> c.lengthsBeyondLimits(inputLen, outputLen)).ifPresent(problem -> {
            throw new LlmbenchException(problem);
        });
        shard.requireSplittable(c);
        if (shard.size() > 1) {
            throw new LlmbenchException("tensor parallelism (" + c.name() + " over " + shard.size() + " GPUs) is not"
                    + " implemented in the engine yet");
        }
    }
}
