package dev.llmbench.runtime;

import dev.llmbench.weights.HostWeights;

/** Where an engine's weights come from. */
public sealed interface WeightSource {
    /** Deterministic random weights generated on the GPU (RandomInit's values, bit for bit before rounding). */
    record Random(long seed) implements WeightSource {
    }

    /** Weights already in host memory in the canonical layout (a loaded checkpoint, a test's weights). */
    record Host(HostWeights weights) implements WeightSource {
    }
}
