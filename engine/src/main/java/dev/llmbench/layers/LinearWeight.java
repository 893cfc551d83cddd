package dev.llmbench.layers;

import dev.llmbench.cuda.DeviceBuffer;

/**
 * A linear layer's weight W (out × in) as the GPU holds it: dense in the activations' type, int8 codes with one
 * scale per output row (TensorRT-LLM's int8_weight_only), or int4 codes with a scale and zero point per group; codes in
 * the mma tiles of {@link dev.llmbench.cuda.WeightTiles}. {@link Linear} is the one place that picks the product for
 * each.
 */
public sealed interface LinearWeight {

    /** W (out, in) in the activations' type. */
    record Dense(DeviceBuffer weight) implements LinearWeight {
    }

    /**
     * W[n, k] = code[n, k] × scales[n] (the activations' type); {@code codes} (I8) holds code + 128 in {@link
     * dev.llmbench.cuda.WeightTiles}. {@code scratch} holds at least out × in elements of the activations' type: a
     * product of more rows than the weight-only kernels take dequantizes W into it and runs dense. One scratch serves
     * every layer, since the ops run one after another on one stream.
     */
    record Int8PerChannel(DeviceBuffer codes, DeviceBuffer scales, DeviceBuffer scratch) implements LinearWeight {
    }

    /**
     * W[n, k] = (code[n, k] − zeros[n, k / group]) × scales[n, k / group]: int4 weight-only (per channel: one group of
     * every input; AWQ's and GPTQ's groups). {@code codes} (I8) holds the 4-bit codes two a byte in {@link
     * dev.llmbench.cuda.WeightTiles}; {@code zeros} (I8, 0..15; 8 for the formats without zero points); {@code scratch}
     * as for int8.
     */
    record Int4Grouped(DeviceBuffer codes, DeviceBuffer scales, DeviceBuffer zeros, int group, DeviceBuffer scratch)
            implements LinearWeight {
    }
}
