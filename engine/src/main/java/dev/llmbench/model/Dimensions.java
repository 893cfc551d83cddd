package dev.llmbench.model;

/**
 * The numbers of a decoder (the whole model's, not a tensor-parallel rank's).
 *
 * @param layers  transformer blocks
 * @param heads   attention (query) heads H
 * @param kvHeads key/value heads KV: H for multi-head, fewer for grouped-query, 1 for multi-query attention
 * @param hidden  model width C
 * @param mlp     MLP inner size I (for SwiGLU: the size of gate and of up, each)
 * @param vocab   vocabulary V
 */
public record Dimensions(int layers, int heads, int kvHeads, int hidden, int mlp, int vocab) {
}
