package dev.llmbench.model;

import dev.llmbench.LlmbenchException;

import java.util.Optional;

/**
 * Architecture of one decoder model, plus the benchmark limits of the registry (max batch, input and
 * sequence length). Sizes are the whole model's, not per tensor-parallel rank.
 *
 * @param name            registry name (gpt_350m) or "checkpoint:DIR" for a loaded model
 * @param family          model family
 * @param numLayers       transformer blocks
 * @param numHeads        attention (query) heads
 * @param numKvHeads      key/value heads (== numHeads for multi-head, fewer for grouped-query)
 * @param hiddenSize      model width C
 * @param mlpSize         MLP inner size I (for SwiGLU: the size of gate and of up, each)
 * @param vocabSize       vocabulary V
 * @param activation      MLP activation
 * @param norm            LayerNorm or RMSNorm
 * @param normEps         norm epsilon
 * @param positionEmbedding learned, rotary, ...
 * @param rotaryDim       dims of each head that rotary applies to (0 when not rotary)
 * @param rotaryBase      rotary theta
 * @param maxPositions    n_positions / max_position_embeddings
 * @param positionOffset  added to a token's position before the learned-position lookup (OPT: 2)
 * @param bias            whether the linear layers have biases
 * @param preNorm         pre-norm blocks (false: post-norm, as opt_350m)
 * @param finalNorm       whether a norm follows the last block
 * @param parallelAttention attention and MLP read the same normed input (GPT-J, NeoX, Falcon)
 * @param tiedEmbeddings  the LM head shares the token embedding
 * @param maxBatch        benchmark limit: max batch size
 * @param maxInput        benchmark limit: max input length
 * @param maxSeq          benchmark limit: max input + output length
 */
public record ModelConfig(
        String name, Family family,
        int numLayers, int numHeads, int numKvHeads, int hiddenSize, int mlpSize, int vocabSize,
        Activation activation, NormKind norm, float normEps,
        PositionEmbedding positionEmbedding, int rotaryDim, float rotaryBase,
        int maxPositions, int positionOffset,
        boolean bias, boolean preNorm, boolean finalNorm, boolean parallelAttention, boolean tiedEmbeddings,
        int maxBatch, int maxInput, int maxSeq) {

    public int headDim() {
        return hiddenSize / numHeads;
    }

    /** Rows of the fused QKV projection: (H + 2 KV) * D. */
    public int qkvSize() {
        return (numHeads + 2 * numKvHeads) * headDim();
    }

    /** Rows of the first MLP projection: 2I for SwiGLU (gate then up), else I. */
    public int mlpUpSize() {
        return activation == Activation.SWIGLU ? 2 * mlpSize : mlpSize;
    }

    /** Why a batch of {@code batch} sequences is beyond this model's benchmark limits; empty when it is not. */
    public Optional<String> batchBeyondLimits(int batch) {
        return batch > maxBatch ? Optional.of("batch size " + batch + " exceeds max batch size " + maxBatch + " of " + name)
                : Optional.empty();
    }

    /**
     * Why prompts of {@code input} tokens with {@code output} new tokens each are beyond this model's limits
     * (max input, max input + output, and for learned positions the positions it has); empty when they are not.
     */
    public Optional<String> lengthsBeyondLimits(int input, int output) {
        if (input > maxInput) {
            return Optional.of("input length " + input + " exceeds max input length " + maxInput + " of " + name);
        }
        if (input + output > maxSeq) {
            return Optional.of("input + output length " + (input + output) + " exceeds max sequence length " + maxSeq + " of " + name);
        }
        if (positionEmbedding == PositionEmbedding.LEARNED && input + output > maxPositions) {
            return Optional.of("input + output length " + (input + output) + " exceeds the " + maxPositions
                    + " learned positions of " + name);
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
        if (id < 0 || id >= vocabSize) {
            throw new LlmbenchException("token id " + id + whose + " is outside the vocabulary of " + name + " (0.."
                    + (vocabSize - 1) + ")");
        }
    }

    /** The same model with other benchmark limits (TensorRT-LLM's --max_batch_size etc.); 0 keeps a limit. */
    public ModelConfig withLimits(int newMaxBatch, int newMaxInput, int newMaxSeq) {
        return new ModelConfig(name, family, numLayers, numHeads, numKvHeads, hiddenSize, mlpSize, vocabSize, activation, norm,
                normEps, positionEmbedding, rotaryDim, rotaryBase, maxPositions, positionOffset, bias, preNorm, finalNorm,
                parallelAttention, tiedEmbeddings, newMaxBatch > 0 ? newMaxBatch : maxBatch,
                newMaxInput > 0 ? newMaxInput : maxInput, newMaxSeq > 0 ? newMaxSeq : maxSeq);
    }
}
