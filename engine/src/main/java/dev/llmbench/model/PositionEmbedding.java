package dev.llmbench.model;

public enum PositionEmbedding {
    /** Learned absolute positions added to the token embedding (GPT-2, OPT with offset 2). */
    LEARNED,
    /** Rotary embedding, GPT-NeoX style (rotate halves), on the first rotaryDim dims of each head. */
    ROPE_NEOX,
    /** Rotary embedding, GPT-J style (interleaved pairs). */
    ROPE_GPTJ,
    /** ALiBi (BLOOM, Baichuan 13B): slope × key position added to the scaled score. */
    ALIBI,
    /** ALiBi added before the 1/sqrt(D) scaling, so the slopes are scaled too (Falcon-RW; TensorRT-LLM's alibi_with_scale). */
    ALIBI_SCALED,
    /**
     * ChatGLM-6B's 2D rotary: in each head, the first rotaryDim dims turn (GPT-NeoX style) with the token's position
     * and the next rotaryDim dims with its block position; positions and the prefix mask follow {@link GlmPositions}.
     */
    ROPE_2D,
    /**
     * GLM-10B's learned position and block-position tables, both added to the token embedding; positions and the
     * prefix mask follow {@link GlmPositions}, the generated tokens at the prompt's length.
     */
    LEARNED_2D,
    NONE
}
