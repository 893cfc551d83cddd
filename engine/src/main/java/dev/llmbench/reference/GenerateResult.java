package dev.llmbench.reference;

/**
 * The outcome of {@link ReferenceModel#generate}: the greedy tokens [B][outputLen] and the logits that chose
 * the first of them, those of the last prompt position [B][V].
 */
public record GenerateResult(int[][] tokens, float[][] firstLogits) {
}
