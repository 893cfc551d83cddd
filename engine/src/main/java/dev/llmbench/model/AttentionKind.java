package dev.llmbench.model;

/** How query heads share key/value heads. */
public enum AttentionKind {
    /** One key/value head per query head. */
    MHA,
    /** Groups of query heads share a key/value head (LLaMA 70B: 64 heads, 8 key/value heads). */
    GQA,
    /** All query heads share one key/value head (StarCoder, Falcon 7B). */
    MQA;

    static AttentionKind of(int heads, int kvHeads) {
        if (kvHeads == heads) return MHA;
        return kvHeads == 1 ? MQA : GQA;
    }
}
