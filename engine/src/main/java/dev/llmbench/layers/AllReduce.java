package dev.llmbench.layers;

import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.cuda.Stream;

import java.util.List;

/**
 * The sum over a model's tensor-parallel ranks that follows each row-parallel product (attention out, a dense MLP's
 * down projection): every rank holds a partial sum of the whole output, and after the all-reduce every rank holds the
 * total, in place. NCCL between GPUs, or a kernel over the ranks' buffers when the ranks share one GPU.
 */
public interface AllReduce {
    /** One rank: nothing to sum. */
    AllReduce NONE = (buffer, elements, stream) -> List.of();

    /**
     * The ops that sum the first {@code elements} of {@code buffer} over the ranks on {@code stream} (the rank's),
     * bound now and run in step order. Every rank asks for its reduces in the same order, and gets the same number of
     * ops for each.
     */
    List<Op> sum(DeviceBuffer buffer, long elements, Stream stream);
}
