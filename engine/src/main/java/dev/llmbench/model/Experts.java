package dev.llmbench.model;

/** A mixture of experts in place of the dense MLP: {@code count} experts, {@code topK} of them per token. */
public record Experts(int count, int topK) {
    /** A dense MLP. */
    public static final Experts NONE = new Experts(0, 0);

    public boolean present() {
        return count > 0;
    }
}
