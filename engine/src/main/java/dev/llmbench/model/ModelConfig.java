package dev.llmbench.model;

import dev.llmbench.LlmbenchException;

import java.util.Optional;

/**
 * One decoder model: its numbers, its architecture as named values, and the benchmark limits of the
 * registry (max batch, input and sequence length). Sizes are the whole model's, not per tensor-parallel
 * rank. Made by {@link ConfigBuilder} (a family's preset plus a registry row or a checkpoint's config).
 * The most used numbers are repeated as methods ({@link #hiddenSize()} is {@code dims().hidden()}).
 *
 * @param name   registry name (gpt_350m) or "checkpoint:DIR" for a loaded model
 * @param dims   layers, heads, widths, vocabulary
 * @param arch   norms, positions, biases, activation, block layout, experts
 * @param limits benchmark limits
 */
public record ModelConfig(String name, Dimensions dims, Architecture arch, Limits limits) {

    public Family family() {
        return arch.family();
    }

    public int numLayers() {
        return dims.layers();
    }

    public int numHeads() {
        return dims.heads();
    }

    public int numKvHeads() {
        return dims.kvHeads();
    }

    public int hiddenSize() {
        return dims.hidden();
    }

    public int mlpSize() {
        return dims.mlp();
    }

    public int vocabSize() {
        return dims.vocab();
    }

    public int maxBatch() {
        return limits.maxBatch();
    }

    public int maxInput() {
        return limits.maxInput();
    }

    public int maxSeq() {
        return limits.maxSeq();
    }

    public int headDim() {
        return hiddenSize() / numHeads();
    }

    /** Multi-head, grouped-query or multi-query attention, by the key/value heads. */
    public AttentionKind attention() {
        return AttentionKind.of(numHeads(), numKvHeads());
    }

    /** Rows of the fused QKV projection: (H + 2 KV) * D. */
    public int qkvSize() {
        return (numHeads() + 2 * numKvHeads()) * headDim();
    }

    /** Rows of the first MLP projection: 2I for SwiGLU (gate then up), else I. */
    public int mlpUpSize() {
        return arch.activation() == Activation.SWIGLU ? 2 * mlpSize() : mlpSize();
    }

    /** Why a batch of {@code batch} sequences is beyond this model's benchmark limits; empty when it is not. */
    public Optional<String> batchBeyondLimits(int batch) {
        return batch > maxBatch() ? Optional.of("batch size " + batch + " exceeds max batch size " + maxBatch() + " of " + name)
                : Optional.empty();
    }

    /**
     * Why prompts of {@code input} tokens with {@code output} new tokens each are beyond this model's limits
     * (max input, max input + output, and for learned positions the positions it has); empty when they are not.
     */
    public Optional<String> lengthsBeyondLimits(int input, int output) {
        if (input > maxInput()) {
            return Optional.of("input length " + input + " exceeds max input length " + maxInput() + " of " + name);
        }
        if (input + output > maxSeq()) {
            return Optional.of("input + output length " + (input + output) + " exceeds max sequence length " + maxSeq() + " of " + name);
        }
        if (arch.positions().learned() && input + output > arch.positions().maxPositions()) {
            return Optional.of("input + output length " + (input + output) + " exceeds the " + arch.positions().maxPositions()
                    + " learned positions of " + name);
        }
        // GLM-10B's generated tokens sit at position input and block positions up to output (GlmPositions)
        if (arch.positions().learned2d() && Math.max(input, output) > arch.positions().maxPositions()) {
            return Optional.of("input length " + input + " or output length " + output + " exceeds the "
                    + arch.positions().maxPositions() + " positions of " + name + "'s position tables");
        }
        return Optional.empty();
    }

    /** Throws the one message for a prompt token outside the vocabulary (prompts are counted from 0). */
    public void requireTokens(int[][] prompts) {
        for (int i = 0; i < prompts.length; i++) {
            for (int id : prompts[i]) requireToken(id, " of prompt " + i);
        }
    }

    /** {@link #requireTokens} for one id; {@code whose} follows "token id N" in the message, or is empty. */
    public void requireToken(int id, String whose) {
        if (id < 0 || id >= vocabSize()) {
            throw new LlmbenchException("token id " + id + whose + " is outside the vocabulary of " + name + " (0.."
                    + (vocabSize() - 1) + ")");
        }
    }

    /** The same model with other benchmark limits (TensorRT-LLM's --max_batch_size etc.); 0 keeps a limit. */
    public ModelConfig withLimits(int newMaxBatch, int newMaxInput, int newMaxSeq) {
        return new ModelConfig(name, dims, arch, limits.overridden(newMaxBatch, newMaxInput, newMaxSeq));
    }
}
