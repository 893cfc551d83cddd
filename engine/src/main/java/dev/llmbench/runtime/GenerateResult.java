package dev.llmbench.runtime;

/**
 * The outcome of one generate: tokens [batch][outputLen] and GPU times from CUDA events.
 *
 * @param ttftMillis           the context phase (prompt in, token 1 out)
 * @param generationMillis     token 1 to the last token (the generation steps)
 * @param totalMillis          the whole generate
 */
public record GenerateResult(int[][] tokens, float ttftMillis, float generationMillis, float totalMillis) {
}
