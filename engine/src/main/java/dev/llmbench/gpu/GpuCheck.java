package dev.llmbench.gpu;

import dev.llmbench.cuda.Device;

/** The question every command that needs a GPU asks first: is one usable? */
public final class GpuCheck {
    private GpuCheck() {
    }

    /**
     * Returns the number of CUDA devices; throws a one-line LlmbenchException when there is no driver, no
     * CUDA 13 runtime or no device. It only counts: the suite's own JVM must not hold a CUDA context (and
     * its memory) while the benchmark forks measure.
     */
    public static int requireDevice() {
        return Device.count();
    }
}
