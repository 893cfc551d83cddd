package dev.llmbench.model;

/**
 * Which linear layers carry a bias: families differ per projection (GPT-J: the MLP and the LM head only;
 * Qwen: the QKV projection only).
 */
public record Biases(boolean qkv, boolean attentionOut, boolean mlp, boolean lmHead) {
    /** Every projection of the blocks, not the LM head (GPT-2, OPT). */
    public static final Biases BLOCKS = new Biases(true, true, true, false);
    public static final Biases NONE = new Biases(false, false, false, false);
}
