package dev.llmbench.runtime;

import dev.llmbench.LlmbenchException;
import dev.llmbench.families.Families;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Mode;
import dev.llmbench.model.Precision;
import dev.llmbench.model.Quantization;
import dev.llmbench.model.Shard;

/**
 * Everything an engine is built for: one model, precision and mode, and one generation shape — the
 * batch of prompts of {@code inputLen} tokens each, {@code outputLen} new tokens each. The KV cache and
 * activations are sized for exactly this shape at build time.
 *
 * @param cudaGraph replay the generation step from a CUDA graph (else launch its kernels one by one)
 * @param device    the CUDA device the engine runs on (one engine per GPU)
 * @param shard     the tensor-parallel rank this engine is of the model ({@link Shard#WHOLE} on one GPU)
 * @param quantization how the weights (and, for some values, activations and KV cache) are quantized
 */
public record EngineSpec(ModelConfig config, Precision precision, Mode mode, int batch, int inputLen, int outputLen,
                         WeightSource weights, boolean cudaGraph, int device, Shard shard, Quantization quantization) {

    /** Unquantized: weights, activations and KV cache all in {@code precision}. */
    public EngineSpec(ModelConfig config, Precision precision, Mode mode, int batch, int inputLen, int outputLen,
                      WeightSource weights, boolean cudaGraph, int device, Shard shard) {
        this(config, precision, mode, batch, inputLen, outputLen, weights, cudaGraph, device, shard, Quantization.NONE);
    }

    /**
     * What this engine stores and computes in: the precision with the quantization (TensorRT-LLM's --dtype and
     * --quantization). A quantized registry row (_sq_) is refused before an engine exists.
     */
    public Numerics numerics() {
        return Numerics.of(precision, quantization);
    }

    /** Positions the KV cache holds per sequence: the prompt and every generated token but the last. */
    public int maxSeq() {
        return inputLen + outputLen;
    }

    /**
     * Tensor-parallel rank {@code rank} of this whole-model spec, on {@code device}; its weights are the same source
     * (the engine cuts host weights to the rank's, {@link dev.llmbench.weights.HostWeights#slice}).
     */
    public EngineSpec rank(Shard rank, int device, boolean cudaGraph) {
        return new EngineSpec(config, precision, mode, batch, inputLen, outputLen, weights, cudaGraph, device, rank, quantization);
    }

    /** Throws a clear message when the shape is outside the model's limits. */
    public void validate() {
        ModelConfig c = config;
        if (c.arch().encoder()) {
            throw new LlmbenchException(c.name() + " is an encoder: the encoder engine runs it, not the decoder engine");
        }
        Families.requireImplemented(c);
        Numerics numerics = numerics(); // refuses float32 activations with a quantization
        numerics.denseType();            // and what the GPU engine does not run yet
        String storage = numerics.problemWith(c);
        if (storage != null) throw new LlmbenchException(storage);
        if (batch < 1 || inputLen < 1 || outputLen < 1) {
            throw new LlmbenchException("batch " + batch + ", input length " + inputLen + " and output length " + outputLen
                    + " must all be at least 1");
        }
        c.batchBeyondLimits(batch).or(() -> c.lengthsBeyondLimits(inputLen, outputLen)).ifPresent(problem -> {
            throw new LlmbenchException(problem);
        });
        shard.requireSplittable(c);
        String tiles = DeviceWeights.problemStoring(numerics.weights(), c, shard);
        if (tiles != null) throw new LlmbenchException(tiles);
    }
}
