package dev.llmbench.cuda;

import org.bytedeco.javacpp.Pointer;

import java.util.concurrent.atomic.AtomicLong;

import static org.bytedeco.cuda.global.cudart.*;

/**
 * Every cudaMalloc of the process goes through here, so the peak of device memory in use by llmbench is
 * known (gpu_peak_mem of the [BENCHMARK] line) and an out-of-memory failure says what was asked and free.
 */
public final class DeviceMemory {
    private static final AtomicLong IN_USE = new AtomicLong();
    private static final AtomicLong PEAK = new AtomicLong();

    private DeviceMemory() {
    }

    /** cudaMalloc of {@code bytes}; {@code what} names the allocation in errors. Returns the device address. */
    static long allocate(long bytes, String what) {
        CudaLibraries.requireRuntime();
        Pointer p = new Pointer();
        int status = cudaMalloc(p, bytes);
        if (status == cudaErrorMemoryAllocation) {
            cudaGetLastError(); // clear the sticky-free error so later calls work
            long[] info = Cuda.memoryInfo();
            throw new CudaOutOfMemoryException("for " + what, bytes, info[0], info[1]);
        }
        Cuda.check(status, "cudaMalloc", "allocating " + Bytes.human(bytes) + " for " + what);
        long now = IN_USE.addAndGet(bytes);
        PEAK.accumulateAndGet(now, Math::max);
        return p.address();
    }

    static void free(long address, long bytes) {
        Cuda.check(cudaFree(new DevicePointer(address)), "cudaFree");
        IN_USE.addAndGet(-bytes);
    }

    /** Bytes currently allocated by llmbench on the device. */
    public static long inUse() {
        return IN_USE.get();
    }

    /** Highest {@link #inUse()} since the last {@link #resetPeak()}. */
    public static long peak() {
        return PEAK.get();
    }

    public static void resetPeak() {
        PEAK.set(IN_USE.get());
    }
}
