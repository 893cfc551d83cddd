package dev.llmbench.cuda;

/**
 * What the benchmark reports about a GPU.
 *
 * @param ordinal        CUDA device index
 * @param name           e.g. "NVIDIA H100 80GB HBM3"
 * @param smCount        streaming multiprocessors
 * @param ccMajor        compute capability major (9 for Hopper)
 * @param ccMinor        compute capability minor
 * @param totalMemory    device memory in bytes
 * @param driverVersion  CUDA version the driver supports, e.g. 13000
 * @param runtimeVersion CUDA runtime library version, e.g. 13000
 */
public record DeviceInfo(int ordinal, String name, int smCount, int ccMajor, int ccMinor, long totalMemory,
                         int driverVersion, int runtimeVersion) {

    /** TensorRT-LLM's spelling, e.g. sm90. */
    public String computeCapability() {
        return "sm" + ccMajor + ccMinor;
    }

    public String describe() {
        return String.format("%s (%s, %d SMs, %s, driver CUDA %d.%d, runtime %d.%d)", name, computeCapability(), smCount,
                Bytes.human(totalMemory), driverVersion / 1000, driverVersion % 1000 / 10, runtimeVersion / 1000,
                runtimeVersion % 1000 / 10);
    }
}
