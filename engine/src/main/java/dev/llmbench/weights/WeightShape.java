package dev.llmbench.weights;

import java.util.Arrays;

/**
 * The name and shape of one weight tensor of the canonical layout (see {@link WeightLayout}) as one
 * tensor-parallel rank holds it, and how the whole tensor is split across ranks.
 */
public record WeightShape(String name, int[] shape, Split split) {

    public long numel() {
        return HostTensor.numel(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
