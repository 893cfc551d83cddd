package dev.llmbench.reference;

import dev.llmbench.LlmbenchException;

/**
 * A batch of sequences being decoded by a {@link ReferenceModel}: their KV cache and how many tokens each
 * has processed (the same for all).
 */
public final class Session {
    private final ReferenceModel model;
    private final int batch;
    private final int maxSeq;
    private final KvCache cache;
    private int length;
    private int promptLength; // the first forward's tokens, unless given

    Session(ReferenceModel model, int batch, int maxSeq) {
        this.model = model;
        this.batch = batch;
        this.maxSeq = maxSeq;
        this.cache = new KvCache(model.config().numLayers(), batch, maxSeq, model.kvWidth());
    }

    /** Tokens processed so far by each sequence. */
    public int length() {
        return length;
    }

    /**
     * Processes the next T tokens of every sequence ({@code tokens[b]}, T equal across the batch) and returns
     * the logits of each sequence's last processed token, [B][V].
     */
    public float[][] forward(int[][] tokens) {
        return forward(tokens, length == 0 && tokens.length > 0 ? tokens[0].length : promptLength);
    }

    /**
     * As {@link #forward(int[][])}, the first call saying how many of its tokens were the prompt (the rest were
     * generated): a recomputation of a generated sequence in one pass, where positions depend on the prompt (ChatGLM).
     */
    public float[][] forward(int[][] tokens, int promptLength) {
        if (length > 0 && promptLength != this.promptLength) {
            throw new IllegalStateException("the prompt of this session was " + this.promptLength + " tokens long");
        }
        if (tokens.length != batch) {
            throw new LlmbenchException("session has " + batch + " sequences, got tokens for " + tokens.length);
        }
        int count = tokens[0].length;
        for (int[] row : tokens) {
            if (row.length != count || count == 0) {
                throw new LlmbenchException("every sequence of a step needs the same number of tokens (at least 1)");
            }
        }
        if (length + count > maxSeq) {
            throw new LlmbenchException("session of " + maxSeq + " tokens cannot take " + count + " more after " + length);
        }
        if (length == 0 && (promptLength < 1 || promptLength > count)) {
            throw new LlmbenchException("a prompt of " + promptLength + " tokens is not within the first " + count);
        }
        this.promptLength = promptLength;
        float[][] logits = new float[batch][];
        for (int b = 0; b < batch; b++) {
            logits[b] = model.forward(tokens[b], length, promptLength, cache, b);
        }
        length += count;
        return logits;
    }
}
