package dev.llmbench.runtime;

import dev.llmbench.cuda.BoundKernel;
import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.cuda.Kernels;
import dev.llmbench.cuda.Stream;
import dev.llmbench.layers.AllReduce;
import dev.llmbench.layers.Op;

import java.util.ArrayList;
import java.util.List;

/**
 * The all-reduce of tensor-parallel ranks that share one GPU and one stream ({@link ShardedEngine}): the sum is a
 * kernel over the ranks' buffers instead of NCCL. The ranks' ops run interleaved, op i of rank 0, 1, …, N-1 before op
 * i+1 of any, so at a reduce point every rank's partial is written when the last rank's op runs: that op adds the
 * partials in rank order into rank 0's buffer (add kernels, y += x) and copies the total into the others'; the other
 * ranks' ops at the point do nothing. The k-th reduce a rank binds is its k-th point: every rank binds its plan's
 * reduces in the same order, ranks 0 … N-1 one after the other.
 */
final class SameGpuAllReduce {
    private final int size;
    private final Kernels kernels;
    /** Each rank's buffers, one per reduce point, in the order it bound them. */
    private final List<List<DeviceBuffer>> parts = new ArrayList<>();

    SameGpuAllReduce(int size, Kernels kernels) {
        this.size = size;
        this.kernels = kernels;
        for (int r = 0; r < size; r++) parts.add(new ArrayList<>());
    }

    /** What rank {@code rank}'s plan binds its reduces through. */
    AllReduce rank(int rank) {
        return (buffer, elements, stream) -> bind(rank, buffer, elements, stream);
    }

    private List<Op> bind(int rank, DeviceBuffer buffer, long elements, Stream stream) {
        List<DeviceBuffer> mine = parts.get(rank);
        int point = mine.size();
        mine.add(buffer.slice(buffer.name() + " (all-reduce " + point + ")", 0, elements));
        if (rank < size - 1) return List.of(Op.of("allreduce", () -> { }));
        List<DeviceBuffer> all = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            if (parts.get(r).size() <= point) {
                throw new IllegalStateException("rank " + r + " has no all-reduce " + point + ": the ranks' plans differ");
            }
            all.add(parts.get(r).get(point));
        }
        DeviceBuffer total = all.get(0);
        List<BoundKernel> adds = new ArrayList<>();
        for (int r = 1; r < size; r++) adds.add(kernels.add(total, all.get(r), elements));
        return List.of(Op.of("allreduce", () -> {
            for (BoundKernel add : adds) add.run(stream);
            for (int r = 1; r < size; r++) all.get(r).copyFrom(total, stream);
        }));
    }
}
