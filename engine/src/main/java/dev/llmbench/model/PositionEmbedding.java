package dev.llmbench.model;

public enum PositionEmbedding {
    /** Learned absolute positions added to the token embedding (GPT-2, OPT with offset 2). */
    LEARNED,
    /** Rotary embedding, GPT-NeoX style (rotate halves), on the first rotaryDim dims of each head. */
    ROPE_NEOX,
    /** Rotary embedding, GPT-J style (interleaved pairs). */
    ROPE_GPTJ,
    ALIBI,
    NONE
}
