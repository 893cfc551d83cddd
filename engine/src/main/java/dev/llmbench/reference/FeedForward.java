package dev.llmbench.reference;

/** The MLP part of a block: one dense MLP, or a mixture of experts. */
interface FeedForward {
    /** x (T, C) -> (T, C). */
    float[] apply(float[] x, int tokens);
}
