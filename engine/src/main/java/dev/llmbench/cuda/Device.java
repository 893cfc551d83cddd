package dev.llmbench.cuda;

import dev.llmbench.LlmbenchException;
import org.bytedeco.javacpp.BytePointer;

import static org.bytedeco.cuda.global.cudart.*;

/**
 * Device selection and properties. {@link #open(int)} makes the device current on the calling thread
 * (CUDA's primary context: one per device, shared by every engine in the process).
 */
public final class Device {
    private static final int NAME_CAPACITY = 256;
    private final DeviceInfo info;

    private Device(DeviceInfo info) {
        this.info = info;
    }

    /** Number of usable CUDA devices; throws a clear LlmbenchException when there is no driver or runtime. */
    public static int count() {
        CudaLibraries.requireRuntime();
        int[] n = new int[1];
        int status = cudaGetDeviceCount(n);
        if (status == cudaErrorNoDevice) {
            throw new LlmbenchException("no usable CUDA device: the NVIDIA driver reports no GPU (cudaErrorNoDevice)");
        }
        if (status == cudaErrorInsufficientDriver) {
            int[] drv = new int[1];
            cudaDriverGetVersion(drv);
            throw new LlmbenchException("no usable CUDA device: the NVIDIA driver supports CUDA " + drv[0] / 1000 + "."
                    + drv[0] % 1000 / 10 + " but the CUDA 13 runtime needs a newer driver (cudaErrorInsufficientDriver)");
        }
        Cuda.check(status, "cudaGetDeviceCount");
        if (n[0] == 0) {
            throw new LlmbenchException("no usable CUDA device: cudaGetDeviceCount found 0 GPUs");
        }
        return n[0];
    }

    /** Selects device {@code ordinal} on this thread and reads its properties. */
    public static Device open(int ordinal) {
        int n = count();
        if (ordinal < 0 || ordinal >= n) {
            throw new LlmbenchException("CUDA device " + ordinal + " does not exist (this machine has " + n + ")");
        }
        Cuda.check(cudaSetDevice(ordinal), "cudaSetDevice", "selecting device " + ordinal);
        return new Device(readInfo(ordinal));
    }

    /** Makes this device current on the calling thread (JMH may call from several threads). */
    public void makeCurrent() {
        Cuda.check(cudaSetDevice(info.ordinal()), "cudaSetDevice", "selecting device " + info.ordinal());
    }

    public DeviceInfo info() {
        return info;
    }

    public void synchronize() {
        Cuda.check(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    }

    private static DeviceInfo readInfo(int ordinal) {
        int sms = attribute(cudaDevAttrMultiProcessorCount, ordinal);
        int major = attribute(cudaDevAttrComputeCapabilityMajor, ordinal);
        int minor = attribute(cudaDevAttrComputeCapabilityMinor, ordinal);
        String name;
        try (BytePointer buf = new BytePointer(NAME_CAPACITY)) {
            Cuda.checkDriver(cuDeviceGetName(buf, NAME_CAPACITY, ordinal), "cuDeviceGetName", "device " + ordinal);
            name = CString.read(buf, NAME_CAPACITY);
        }
        long total = Cuda.memoryInfo()[1];
        int[] drv = new int[1];
        int[] rt = new int[1];
        Cuda.check(cudaDriverGetVersion(drv), "cudaDriverGetVersion");
        Cuda.check(cudaRuntimeGetVersion(rt), "cudaRuntimeGetVersion");
        return new DeviceInfo(ordinal, name, sms, major, minor, total, drv[0], rt[0]);
    }

    private static int attribute(int attr, int ordinal) {
        int[] v = new int[1];
        Cuda.check(cudaDeviceGetAttribute(v, attr, ordinal), "cudaDeviceGetAttribute", "attribute " + attr);
        return v[0];
    }
}
