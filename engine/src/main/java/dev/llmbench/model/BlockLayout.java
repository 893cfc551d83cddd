package dev.llmbench.model;

/** Where a block's norms sit relative to its attention, its MLP and the residual adds. */
public enum BlockLayout {
    /** x += attention(norm1(x)); x += mlp(norm2(x)) (GPT-2, OPT from 2.7b, LLaMA). */
    PRE_NORM,
    /** x = norm1(x + attention(x)); x = norm2(x + mlp(x)) (opt_350m, BERT). */
    POST_NORM,
    /** h = norm(x); x += attention(h) + mlp(h): one norm feeds both (GPT-J, Falcon 7B). */
    PARALLEL,
    /** x += attention(norm1(x)) + mlp(norm2(x)): parallel residual with two norms (GPT-NeoX, Falcon 40B). */
    PARALLEL_TWO_NORMS,
    /**
     * GLM's residual from the normed input: a = norm1(x); h = alpha·a + attention(a); m = norm2(h);
     * x = alpha·m + mlp(m), with alpha = sqrt(2 × layers) (ChatGLM-6B).
     */
    GLM;

    /** GLM's residual scale for a model of {@code layers} blocks. */
    public static double glmAlpha(int layers) {
        return Math.sqrt(2.0 * layers);
    }

    /** Whether attention and MLP read the same block input rather than one after the other. */
    public boolean parallel() {
        return this == PARALLEL || this == PARALLEL_TWO_NORMS;
    }
}
