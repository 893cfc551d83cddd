package dev.llmbench.runtime;

import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.cuda.NcclCommunicator;
import dev.llmbench.cuda.Stream;
import dev.llmbench.layers.AllReduce;
import dev.llmbench.layers.Op;

import java.util.List;

/** A rank's all-reduces through its NCCL communicator, in place on the rank's stream (a step graph captures them). */
final class NcclAllReduce implements AllReduce {
    private final NcclCommunicator communicator;

    NcclAllReduce(NcclCommunicator communicator) {
        this.communicator = communicator;
    }

    @Override
    public List<Op> sum(DeviceBuffer buffer, long elements, Stream stream) {
        DeviceBuffer part = buffer.slice(buffer.name() + " (all-reduced)", 0, elements);
        return List.of(Op.of("allreduce", () -> communicator.allReduceSum(part, part, stream)));
    }
}
