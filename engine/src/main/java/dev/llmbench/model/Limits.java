package dev.llmbench.model;

/** The benchmark limits of a registry row (TensorRT-LLM's max batch, max input, max input + output). */
public record Limits(int maxBatch, int maxInput, int maxSeq) {

    /** These limits with {@code --max_*} style overrides; 0 keeps a limit. */
    public Limits overridden(int newMaxBatch, int newMaxInput, int newMaxSeq) {
        return new Limits(newMaxBatch > 0 ? newMaxBatch : maxBatch, newMaxInput > 0 ? newMaxInput : maxInput,
                newMaxSeq > 0 ? newMaxSeq : maxSeq);
    }
}
