package dev.llmbench.layers;

import dev.llmbench.cuda.DeviceBuffer;

import java.util.List;

/** The position-wise half of a block: a dense MLP ({@link Mlp}) or a mixture of experts ({@link MixtureOfExperts}). */
public interface FeedForward {
    /** input (rows, C) → buf.projected (rows, C). */
    List<Op> forward(DeviceBuffer input, BlockBuffers buf, int rows);
}
