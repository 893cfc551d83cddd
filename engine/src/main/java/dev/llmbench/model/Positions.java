package dev.llmbench.model;

/**
 * How a model knows where a token is.
 *
 * @param kind         learned, rotary (NeoX or GPT-J style), ALiBi or none
 * @param rotaryDim    dims of each head that rotary applies to (0 when not rotary)
 * @param rotaryBase   rotary theta (0 when not rotary)
 * @param maxPositions n_positions / max_position_embeddings
 * @param offset       added to a token's position before the learned-position lookup (OPT: 2; RoBERTa: 2)
 */
public record Positions(PositionEmbedding kind, int rotaryDim, float rotaryBase, int maxPositions, int offset) {

    public boolean learned() {
        return kind == PositionEmbedding.LEARNED;
    }

    /** Either ALiBi: no position embedding, a per-head slope on the scores ({@link Alibi#slopes(ModelConfig)}). */
    public boolean alibi() {
        return kind == PositionEmbedding.ALIBI || kind == PositionEmbedding.ALIBI_SCALED;
    }

    public boolean rotary() {
        return kind == PositionEmbedding.ROPE_NEOX || kind == PositionEmbedding.ROPE_GPTJ;
    }

    /** ChatGLM's two rotary streams ({@link PositionEmbedding#ROPE_2D}): rotaryDim dims each. */
    public boolean twoD() {
        return kind == PositionEmbedding.ROPE_2D;
    }

    /** GLM-10B's learned position and block-position tables ({@link PositionEmbedding#LEARNED_2D}). */
    public boolean learned2d() {
        return kind == PositionEmbedding.LEARNED_2D;
    }

    /**
     * Whether positions and mask follow {@link GlmPositions}: the prompt's context attended both ways, the generated
     * tokens in a block of their own (ChatGLM-6B, GLM-10B).
     */
    public boolean glm() {
        return twoD() || learned2d();
    }
}
