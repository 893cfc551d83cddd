package dev.llmbench.cuda;

import org.bytedeco.cuda.nvml.nvmlDevice_st;
import org.bytedeco.cuda.nvml.nvmlMemory_t;
import org.bytedeco.javacpp.BytePointer;

import static org.bytedeco.cuda.global.cudart.cudaDeviceGetPCIBusId;
import static org.bytedeco.cuda.global.nvml.*;

/**
 * NVML readings of one GPU: name, memory in use (by every process, unlike the engine's own peak),
 * power, cumulative energy and SM clock. The device is found by PCI bus id, so CUDA's and NVML's
 * numbering may differ (CUDA_VISIBLE_DEVICES).
 */
public final class Nvml {
    private static final int BUS_ID_CAPACITY = 64;
    private static final int NAME_CAPACITY = 96;
    private static boolean initialised;
    private final nvmlDevice_st device = new nvmlDevice_st();
    private final int[] intOut = new int[1];
    private final long[] longOut = new long[1];
    private final nvmlMemory_t memory = new nvmlMemory_t();

    /** NVML handle of CUDA device {@code ordinal}. */
    public Nvml(int ordinal) {
        CudaLibraries.requireNvml();
        synchronized (Nvml.class) {
            if (!initialised) {
                check(nvmlInit_v2(), "nvmlInit_v2");
                initialised = true;
            }
        }
        String busId;
        try (BytePointer buf = new BytePointer(BUS_ID_CAPACITY)) {
            Cuda.check(cudaDeviceGetPCIBusId(buf, BUS_ID_CAPACITY, ordinal), "cudaDeviceGetPCIBusId", "device " + ordinal);
            busId = CString.read(buf, BUS_ID_CAPACITY);
        }
        check(nvmlDeviceGetHandleByPciBusId_v2(new BytePointer(busId), device), "nvmlDeviceGetHandleByPciBusId_v2");
    }

    public String name() {
        try (BytePointer buf = new BytePointer(NAME_CAPACITY)) {
            check(nvmlDeviceGetName(device, buf, NAME_CAPACITY), "nvmlDeviceGetName");
            return CString.read(buf, NAME_CAPACITY);
        }
    }

    /** Board power draw, watts. */
    public double powerWatts() {
        check(nvmlDeviceGetPowerUsage(device, intOut), "nvmlDeviceGetPowerUsage");
        return intOut[0] / 1000.0;
    }

    /** Energy used since the driver loaded, joules (Volta and newer). */
    public double totalEnergyJoules() {
        check(nvmlDeviceGetTotalEnergyConsumption(device, longOut), "nvmlDeviceGetTotalEnergyConsumption");
        return longOut[0] / 1000.0;
    }

    public int smClockMhz() {
        check(nvmlDeviceGetClockInfo(device, NVML_CLOCK_SM, intOut), "nvmlDeviceGetClockInfo");
        return intOut[0];
    }

    /** Device memory in use by all processes, bytes. */
    public long memoryUsedBytes() {
        check(nvmlDeviceGetMemoryInfo(device, memory), "nvmlDeviceGetMemoryInfo");
        return memory.used();
    }

    private static void check(int status, String call) {
        if (status != NVML_SUCCESS) {
            BytePointer text = nvmlErrorString(status);
            throw new CudaException(call, status, "nvmlReturn " + status, text == null ? "unknown" : text.getString(), null);
        }
    }
}
