package dev.llmbench.layers;

import dev.llmbench.cuda.DeviceBuffer;

/**
 * The working buffers a decoder block reads and writes, shared by all blocks (N token rows, C hidden,
 * H heads, KV key/value heads, D head dim, I MLP size).
 *
 * @param residual  (N, C) the residual stream
 * @param normed    (N, C) norm output
 * @param mlpNormed (N, C) the MLP's norm output in a parallel block with two norms, else null
 * @param qkv       (N, (H+2KV)*D)
 * @param attention (N, H*D)
 * @param projected (N, C) attention or MLP output before its residual add
 * @param mlpUp     (N, I) or (N, 2I) for SwiGLU
 * @param mlpAct    (N, I) SwiGLU output
 * @param partialO  (B, H, splits, D) fp32 flash-decoding partials
 * @param partialMl (B, H, splits, 2) fp32
 * @param scores    mode ootb: (B, H, T, L) attention scores, else null
 * @param headsOut  mode ootb: (B, H, T, D) attention output per head, else null
 */
public record BlockBuffers(DeviceBuffer residual, DeviceBuffer normed, DeviceBuffer mlpNormed, DeviceBuffer qkv, DeviceBuffer attention,
                           DeviceBuffer projected, DeviceBuffer mlpUp, DeviceBuffer mlpAct, DeviceBuffer partialO,
                           DeviceBuffer partialMl, DeviceBuffer scores, DeviceBuffer headsOut) {
}
