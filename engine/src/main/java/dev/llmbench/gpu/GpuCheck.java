package dev.llmbench.gpu;

import dev.llmbench.cuda.Device;
import dev.llmbench.cuda.DeviceInfo;

/** The question every command that needs a GPU asks first: is one usable? */
public final class GpuCheck {
    private GpuCheck() {
    }

    /**
     * Opens device 0 and returns its description; throws a one-line LlmbenchException when there is no
     * driver, no CUDA 13 runtime or no device.
     */
    public static DeviceInfo requireDevice() {
        return Device.open(0).info();
    }
}
