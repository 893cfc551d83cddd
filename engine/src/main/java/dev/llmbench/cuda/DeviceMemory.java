package dev.llmbench.cuda;

import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.bytedeco.cuda.global.cudart.*;

/**
 * Every cudaMalloc of the process goes through here, so the peak of device memory in use by llmbench is
 * known per GPU (gpu_peak_mem of the [BENCHMARK] line: the largest per-GPU peak when a model spans several) and an
 * out-of-memory failure says what was asked and free. An allocation counts on the device current on the
 * allocating thread.
 */
public final class DeviceMemory {
    private static final Map<Integer, Usage> BY_DEVICE = new ConcurrentHashMap<>();
    /** The device of each live allocation, so a free from any thread counts on the right one. */
    private static final Map<Long, Integer> DEVICE_OF = new ConcurrentHashMap<>();

    private record Usage(AtomicLong inUse, AtomicLong peak) {
        Usage() {
            this(new AtomicLong(), new AtomicLong());
        }
    }

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
        int device = currentDevice();
        DEVICE_OF.put(p.address(), device);
        Usage u = usage(device);
        long now = u.inUse().addAndGet(bytes);
        u.peak().accumulateAndGet(now, Math::max);
        return p.address();
    }

    static void free(long address, long bytes) {
        Integer device = DEVICE_OF.remove(address); // before the free: the address may be handed out again at once
        Cuda.check(cudaFree(new DevicePointer(address)), "cudaFree");
        usage(device == null ? currentDevice() : device).inUse().addAndGet(-bytes);
    }

    /** Bytes currently allocated by llmbench on every device together. */
    public static long inUse() {
        return BY_DEVICE.values().stream().mapToLong(u -> u.inUse().get()).sum();
    }

    /** The highest bytes in use on any one device since the last {@link #resetPeak()}. */
    public static long peak() {
        return BY_DEVICE.values().stream().mapToLong(u -> u.peak().get()).max().orElse(0);
    }

    /** The highest bytes in use on device {@code ordinal} since the last {@link #resetPeak()}. */
    public static long peak(int ordinal) {
        Usage u = BY_DEVICE.get(ordinal);
        return u == null ? 0 : u.peak().get();
    }

    public static void resetPeak() {
        for (Usage u : BY_DEVICE.values()) u.peak().set(u.inUse().get());
    }

    private static Usage usage(int device) {
        return BY_DEVICE.computeIfAbsent(device, d -> new Usage());
    }

    private static int currentDevice() {
        try (IntPointer ordinal = new IntPointer(1)) {
            Cuda.check(cudaGetDevice(ordinal), "cudaGetDevice");
            return ordinal.get();
        }
    }
}
