package dev.llmbench.model;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The architecture values implemented today, by the GPU engine and by its CPU reference. The reference
 * implements a value first (checked against Hugging Face's own outputs), the engine follows (checked
 * against the reference): so the engine's values are always a subset of the reference's, and no model runs
 * on the GPU that the reference cannot check.
 */
public enum Implemented {
    /** The GPU engine's kernels and layers. */
    ENGINE(EnumSet.of(BlockLayout.PRE_NORM, BlockLayout.POST_NORM, BlockLayout.PARALLEL, BlockLayout.PARALLEL_TWO_NORMS,
                    BlockLayout.GLM),
            EnumSet.of(PositionEmbedding.LEARNED, PositionEmbedding.ROPE_NEOX, PositionEmbedding.ROPE_GPTJ, PositionEmbedding.ALIBI,
                    PositionEmbedding.ALIBI_SCALED, PositionEmbedding.ROPE_2D),
            EnumSet.of(Activation.GELU_TANH, Activation.GELU_ERF, Activation.RELU, Activation.SILU, Activation.SWIGLU), true, true,
            true, 256), // the attention kernels' head-dim limit (cuda.Kernels.MAX_HEAD_DIM)
    /** The plain-Java fp32 reference (with no head-dim limit). */
    REFERENCE(EnumSet.of(BlockLayout.PRE_NORM, BlockLayout.POST_NORM, BlockLayout.PARALLEL, BlockLayout.PARALLEL_TWO_NORMS,
                    BlockLayout.GLM),
            EnumSet.of(PositionEmbedding.LEARNED, PositionEmbedding.ROPE_NEOX, PositionEmbedding.ROPE_GPTJ, PositionEmbedding.ALIBI,
                    PositionEmbedding.ALIBI_SCALED, PositionEmbedding.ROPE_2D, PositionEmbedding.LEARNED_2D),
            EnumSet.of(Activation.GELU_TANH, Activation.GELU_ERF, Activation.RELU, Activation.SILU, Activation.SWIGLU), true, true, true,
            Integer.MAX_VALUE);

    private final Set<BlockLayout> layouts;
    private final Set<PositionEmbedding> positions;
    private final Set<Activation> activations;
    private final boolean lmHeadBias;
    private final boolean embeddingNorm;
    private final boolean experts;
    private final int maxHeadDim;

    Implemented(Set<BlockLayout> layouts, Set<PositionEmbedding> positions, Set<Activation> activations, boolean lmHeadBias,
                boolean embeddingNorm, boolean experts, int maxHeadDim) {
        this.layouts = layouts;
        this.positions = positions;
        this.activations = activations;
        this.lmHeadBias = lmHeadBias;
        this.embeddingNorm = embeddingNorm;
        this.experts = experts;
        this.maxHeadDim = maxHeadDim;
    }

    /** The largest head dimension implemented. */
    public int maxHeadDim() {
        return maxHeadDim;
    }

    /** The first value of {@code a} not implemented here, said for a message ("block layout parallel"); empty when all are. */
    public Optional<String> missing(ModelConfig c) {
        Architecture a = c.arch();
        // An encoder runs on runtime.EncoderEngine and reference.EncoderReference: post-norm blocks only (BERT, RoBERTa).
        if (a.encoder() && a.layout() != BlockLayout.POST_NORM) {
            return Optional.of("an encoder with " + a.layout().name().toLowerCase(java.util.Locale.ROOT) + " blocks");
        }
        if (!layouts.contains(a.layout())) return Optional.of("block layout " + a.layout().name().toLowerCase(java.util.Locale.ROOT));
        if (!positions.contains(a.positions().kind())) return Optional.of("position embedding " + a.positions().kind());
        if (!activations.contains(a.activation())) return Optional.of("activation " + a.activation());
        if (a.biases().lmHead() && !lmHeadBias) return Optional.of("a bias on the LM head");
        if (a.embeddingNorm() && !embeddingNorm) return Optional.of("a norm after the embedding");
        if (a.experts().present() && !experts) return Optional.of("mixture of experts");
        if (c.headDim() > maxHeadDim) return Optional.of("head dimension " + c.headDim() + " (above " + maxHeadDim + ")");
        return Optional.empty();
    }
}
