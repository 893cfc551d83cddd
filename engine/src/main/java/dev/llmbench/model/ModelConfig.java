package dev.llmbench.model;

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

    /** The same model with other benchmark limits (TensorRT-LLM's --max_batch_size etc.); 0 keeps a limit. */
    public ModelConfig withLimits(int newMaxBatch, int newMaxInput, int newMaxSeq) {
        return new ModelConfig(name, family, numLayers, numHeads, numKvHeads, hiddenSize, mlpSize, vocabSize, activation, norm,
                normEps, positionEmbedding, rotaryDim, rotaryBase, maxPositions, positionOffset, bias, preNorm, finalNorm,
                parallelAttention, tiedEmbeddings, newMaxBatch > 0 ? newMaxBatch : maxBatch,
                newMaxInput > 0 ? newMaxInput : maxInput, newMaxSeq > 0 ? newMaxSeq : maxSeq);
    }
}
