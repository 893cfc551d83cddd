package dev.llmbench.layers;

import dev.llmbench.cuda.DeviceBuffer;

/**
 * Which expert a product belongs to in a mixture of experts, and where the router's choice is: {@code gates}
 * (rows, experts; fp32, 0 where a row did not choose the expert). A generation step's products for an expert
 * that no row chose are skipped on the GPU (gemv_gated) rather than computed and multiplied by 0.
 */
public record ExpertGate(DeviceBuffer gates, int experts, int expert) {
}
