package dev.llmbench.cuda;

import dev.llmbench.LlmbenchException;
import org.bytedeco.cuda.nccl.ncclComm;
import org.bytedeco.cuda.nccl.ncclUniqueId;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

import static org.bytedeco.cuda.global.nccl.*;

/**
 * One rank of an NCCL communicator: the GPUs of a tensor-parallel group reduce their partial products through it
 * (the all-reduce after each row-parallel product). Made for every GPU of this process at once ({@link #initAll}),
 * or for one rank of a group spread over processes ({@link #initRank}), the group's {@link #uniqueId} carried to
 * every rank by the launcher. The only class that touches the NCCL bindings.
 */
public final class NcclCommunicator implements AutoCloseable {
    private final ncclComm comm;
    private final int rank;
    private final int size;
    private final int device;
    /** Set by close or abort (abort may come from another thread while a collective of this rank waits). */
    private volatile boolean closed;

    private NcclCommunicator(ncclComm comm, int rank, int size, int device) {
        this.comm = comm;
        this.rank = rank;
        this.size = size;
        this.device = device;
    }

    /** One communicator per device of this process, rank i on devices[i] (ncclCommInitAll). */
    public static NcclCommunicator[] initAll(int... devices) {
        CudaLibraries.requireNccl();
        if (devices.length < 1) throw new IllegalArgumentException("an NCCL group needs at least one device");
        NcclCommunicator[] ranks = new NcclCommunicator[devices.length];
        try (PointerPointer<ncclComm> comms = new PointerPointer<>(devices.length); IntPointer list = new IntPointer(devices)) {
            check(ncclCommInitAll(comms, devices.length, list), "ncclCommInitAll", devices.length + " devices");
            for (int i = 0; i < devices.length; i++) ranks[i] = new NcclCommunicator(new ncclComm(comms.get(i)), i, devices.length, devices[i]);
        }
        return ranks;
    }

    /** A new group's identity, made by one rank and given to all (the launcher carries its bytes). */
    public static byte[] uniqueId() {
        CudaLibraries.requireNccl();
        try (ncclUniqueId id = new ncclUniqueId()) {
            check(ncclGetUniqueId(id), "ncclGetUniqueId", "a new group");
            byte[] bytes = new byte[NCCL_UNIQUE_ID_BYTES];
            id.internal().get(bytes);
            return bytes;
        }
    }

    /**
     * This process's rank of a group of {@code size} over processes, on {@code device} (made current on the calling
     * thread); every rank calls it with the same {@code uniqueId}, and it returns once all have joined.
     */
    public static NcclCommunicator initRank(int size, byte[] uniqueId, int rank, int device) {
        CudaLibraries.requireNccl();
        if (uniqueId.length != NCCL_UNIQUE_ID_BYTES) {
            throw new IllegalArgumentException("an NCCL unique id has " + NCCL_UNIQUE_ID_BYTES + " bytes, not " + uniqueId.length);
        }
        if (rank < 0 || rank >= size) throw new IllegalArgumentException("rank " + rank + " of a group of " + size);
        Device.open(device);
        try (ncclUniqueId id = new ncclUniqueId()) {
            id.internal().put(uniqueId);
            ncclComm comm = new ncclComm();
            check(ncclCommInitRank(comm, size, id, rank), "ncclCommInitRank", "rank " + rank + " of " + size);
            return new NcclCommunicator(comm, rank, size, device);
        }
    }

    /**
     * recv = the sum over the group's ranks of their send (same type and length on every rank; recv may be send),
     * issued on {@code stream} of this rank's device; it may be captured in a CUDA graph. With several ranks driven
     * from one thread, issue every rank's call inside {@link #group}.
     */
    public void allReduceSum(DeviceBuffer send, DeviceBuffer recv, Stream stream) {
        if (send.type() != recv.type() || send.elements() != recv.elements()) {
            throw new IllegalArgumentException("all-reduce of " + send.describe() + " into " + recv.describe()
                    + ": the same type and length are needed");
        }
        if (closed) throw new IllegalStateException("rank " + rank + " of " + size + ": its communicator was closed or aborted");
        check(ncclAllReduce(send.pointer(), recv.pointer(), send.elements(), ncclType(send.type()), ncclSum, comm,
                stream.handle()), "ncclAllReduce", send.describe() + ", rank " + rank + " of " + size);
    }

    /** Issues {@code calls} (one collective per rank, from one thread) as one NCCL group. */
    public static void group(Runnable calls) {
        check(ncclGroupStart(), "ncclGroupStart", "a group of collectives");
        try {
            calls.run();
        } finally {
            check(ncclGroupEnd(), "ncclGroupEnd", "a group of collectives");
        }
    }

    /** NCCL's version as major.minor.patch. */
    public static String version() {
        CudaLibraries.requireNccl();
        int[] v = new int[1];
        check(ncclGetVersion(v), "ncclGetVersion", "");
        // NCCL_VERSION_CODE since 2.9: major * 10000 + minor * 100 + patch
        return (v[0] / 10000) + "." + (v[0] / 100 % 100) + "." + (v[0] % 100);
    }

    public int rank() {
        return rank;
    }

    public int size() {
        return size;
    }

    /** The CUDA device this rank runs on. */
    public int device() {
        return device;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        check(ncclCommDestroy(comm), "ncclCommDestroy", "rank " + rank + " of " + size);
    }

    /**
     * Ends this rank's communicator at once, its collectives in flight included (ncclCommAbort): what a group does
     * when one rank fails, so the others' calls waiting for it return instead of hanging. Safe from any thread.
     */
    public synchronized void abort() {
        if (closed) return;
        closed = true;
        check(ncclCommAbort(comm), "ncclCommAbort", "rank " + rank + " of " + size);
    }

    static int ncclType(DType type) {
        return switch (type) {
            case F32 -> ncclFloat32;
            case F16 -> ncclFloat16;
            case BF16 -> ncclBfloat16;
            case I32 -> ncclInt32;
            case I8 -> ncclInt8;
        };
    }

    private static void check(int result, String call, String what) {
        if (result != ncclSuccess) {
            throw new LlmbenchException(call + " failed for " + what + ": " + ncclGetErrorString(result).getString()
                    + " (NCCL error " + result + ")");
        }
    }
}
