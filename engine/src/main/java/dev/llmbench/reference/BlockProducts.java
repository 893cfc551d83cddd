package dev.llmbench.reference;

/**
 * How the reference multiplies by a block's linear weights (QKV, attention out, MLP up and down): dense in
 * fp32 by default; {@link SmoothQuantReference} watches their inputs in a calibration pass, then quantizes them.
 */
@FunctionalInterface
interface BlockProducts {
    BlockProducts DENSE = (name, weight, bias, out, in) -> new Linear(weight, bias, out, in);

    /** The product of the layer {@code name} (e.g. "layers.3.qkv") with W (out, in) and its bias (or null). */
    Linear linear(String name, float[] weight, float[] bias, int out, int in);

    /**
     * A tensor-parallel rank's partial output of {@code name} summed over the ranks (the all-reduce after a mixture of
     * experts, whose experts each rank holds a block of); the products of one whole model have none to sum.
     */
    default float[] sumOverRanks(String name, float[] partial) {
        throw new IllegalStateException(name + ": one whole model has no ranks to sum over");
    }
}
