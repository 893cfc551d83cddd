package dev.llmbench.weights;

import java.util.Arrays;

/** The name and shape of one weight tensor of the canonical layout (see {@link WeightLayout}). */
public record WeightShape(String name, int[] shape) {

    public long numel() {
        return HostTensor.numel(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
