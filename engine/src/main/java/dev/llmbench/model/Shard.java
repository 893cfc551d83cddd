package dev.llmbench.model;

import dev.llmbench.LlmbenchException;

/**
 * One tensor-parallel rank's part of a model (Megatron-style): rank {@code rank} of {@code size} holds
 * 1/size of the query heads, of the key/value heads and of the MLP; norms and embeddings are whole on every
 * rank. Where a model has fewer key/value heads than ranks (multi-query attention over several GPUs) each
 * rank keeps the one key/value head its query heads read. A mixture of experts splits every expert's MLP the
 * same way; its router is whole.
 */
public record Shard(int rank, int size) {
    /** The whole model on one GPU. */
    public static final Shard WHOLE = new Shard(0, 1);

    public Shard {
        if (size < 1 || rank < 0 || rank >= size) {
            throw new IllegalArgumentException("rank " + rank + " of " + size + " is not a tensor-parallel rank");
        }
    }

    /** Throws a clear message when {@code c} cannot be split into {@code size} equal parts. */
    public void requireSplittable(ModelConfig c) {
        String why = null;
        if (c.numHeads() % size != 0) {
            why = c.numHeads() + " attention heads are not a multiple of " + size;
        } else if (c.numKvHeads() % size != 0 && size % c.numKvHeads() != 0) {
            why = "its " + c.numKvHeads() + " key/value heads neither divide nor are a multiple of " + size;
        } else if (c.mlpSize() % size != 0) {
            why = "its MLP size " + c.mlpSize() + " is not a multiple of " + size;
        }
        if (why != null) {
            throw new LlmbenchException(c.name() + " cannot be split over " + size + " GPUs: " + why);
        }
    }

    /** Query heads of this rank. */
    public int heads(ModelConfig c) {
        return c.numHeads() / size;
    }

    /** Key/value heads of this rank: its 1/size, or the one it shares when there are fewer than ranks. */
    public int kvHeads(ModelConfig c) {
        return Math.max(1, c.numKvHeads() / size);
    }

    /** The model's index of this rank's first key/value head. */
    public int firstKvHead(ModelConfig c) {
        return c.numKvHeads() >= size ? rank * kvHeads(c) : rank * c.numKvHeads() / size;
    }

    /** MLP inner size of this rank (of gate and of up, each, for SwiGLU; of every expert's in a mixture). */
    public int mlp(ModelConfig c) {
        return c.mlpSize() / size;
    }

    /** Output width of this rank's MLP up projection: its gate and up blocks for SwiGLU. */
    public int mlpUp(ModelConfig c) {
        return c.arch().activation() == Activation.SWIGLU ? 2 * mlp(c) : mlp(c);
    }

    /** Output width of this rank's fused QKV projection: its query heads, then its key and value heads. */
    public int qkv(ModelConfig c) {
        return (heads(c) + 2 * kvHeads(c)) * c.headDim();
    }

    /** Width of this rank's attention output (its heads × head dim), the input of its attention out projection. */
    public int attentionWidth(ModelConfig c) {
        return heads(c) * c.headDim();
    }
}
