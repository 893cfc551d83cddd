package dev.llmbench.model;

/**
 * Where ChatGLM-6B and GLM-10B put a token, and what it sees. A ChatGLM-6B prompt ends in [gMASK, bos]: the prompt
 * before bos is the context, read both ways, and bos opens the generated block. For a prompt of length L (context
 * length L − 1, the mask at L − 2), token i of the sequence (prompt then generated tokens) has
 * <pre>
 *   position(i) = i for i &lt; L − 1, else L − 2          (every generated token sits at the mask)
 *   block(i)    = 0 for i &lt; L − 1, else i − (L − 1) + 1  (bos 1, the k-th generated token 2 + k)
 *   token i sees token j  iff  j &lt; L − 1 or j ≤ i       (the context both ways, causal from bos on)
 * </pre>
 * as THUDM's modelling code computes them for such a prompt. TensorRT-LLM's generation session assigns the same
 * positions to any prompt, whatever its last two ids, so a benchmark's random prompts take them too. GLM-10B differs
 * in one value: its generated tokens (and the prompt's last, sop) sit at the first mask token's index, which
 * TensorRT-LLM takes as the prompt's length L when the prompt holds no mask token, as a benchmark's random ids do
 * (its ChatGLMGenerationSession; the mask the same, its unfused path's bidirectionalglm).
 */
public final class GlmPositions {
    private GlmPositions() {
    }

    /** The first position of the generated block: the prompt's last token (bos). */
    public static int blockStart(int promptLength) {
        return promptLength - 1;
    }

    /** ChatGLM-6B's position of token {@code index}. */
    public static int position(int promptLength, int index) {
        return position(PositionEmbedding.ROPE_2D, promptLength, index);
    }

    /** The position of token {@code index} under {@code kind} (ChatGLM-6B's 2D rotary or GLM-10B's learned tables). */
    public static int position(PositionEmbedding kind, int promptLength, int index) {
        return index < blockStart(promptLength) ? index : generatedPosition(kind, promptLength);
    }

    /** Where the generated block sits: at the mask, L − 2 (ChatGLM-6B), or at L, past the prompt (GLM-10B). */
    public static int generatedPosition(PositionEmbedding kind, int promptLength) {
        return kind == PositionEmbedding.LEARNED_2D ? promptLength : Math.max(0, promptLength - 2);
    }

    public static int block(int promptLength, int index) {
        return index < blockStart(promptLength) ? 0 : index - blockStart(promptLength) + 1;
    }

    /** Whether the token at {@code query} attends to the token at {@code key}. */
    public static boolean visible(int promptLength, int query, int key) {
        return key < blockStart(promptLength) || key <= query;
    }
}
