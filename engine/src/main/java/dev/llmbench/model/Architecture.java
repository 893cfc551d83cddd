package dev.llmbench.model;

/**
 * The facts of a decoder's architecture as named values: what the GPU engine, the CPU reference, the
 * weight layout and the checkpoint mappings all read. A family's descriptor fills them in (its conventions),
 * a registry row or a checkpoint's config.json the rest.
 *
 * @param family         the family it belongs to
 * @param activation     MLP activation
 * @param norm           LayerNorm or RMSNorm
 * @param normEps        norm epsilon
 * @param layout         where the norms sit: pre-norm, post-norm or parallel attention and MLP
 * @param finalNorm      whether a norm follows the last block
 * @param positions      learned, rotary (with its fraction and base), ALiBi or none
 * @param biases         which projections carry a bias
 * @param tiedEmbeddings the LM head shares the token embedding
 * @param experts        a mixture of experts in place of the MLP, or {@link Experts#NONE}
 * @param embeddingNorm  a LayerNorm right after the token embedding (BLOOM, BERT)
 * @param tokenTypes     rows of a token-type (segment) embedding added to the token's, 0 for none (BERT: 2)
 * @param encoder        every token attends to every other (BERT), instead of to the earlier ones only
 * @param pooler         an encoder's pooled output: tanh(W · the first token's last hidden state + b) (BERT's)
 */
public record Architecture(Family family, Activation activation, NormKind norm, float normEps, BlockLayout layout,
                           boolean finalNorm, Positions positions, Biases biases, boolean tiedEmbeddings, Experts experts,
                           boolean embeddingNorm, int tokenTypes, boolean encoder, boolean pooler) {
}
