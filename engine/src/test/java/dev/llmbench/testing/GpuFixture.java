package dev.llmbench.testing;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.Device;
import dev.llmbench.cuda.KernelModule;
import dev.llmbench.cuda.Kernels;
import dev.llmbench.cuda.Stream;
import dev.llmbench.cuda.TestKernels;

/**
 * The device, stream and kernels (the engine's and the tests' own) shared by the GPU tests of one JVM
 * (opened on first use).
 */
public final class GpuFixture {
    private static String unavailable;
    private static boolean probed;
    private static Device device;
    private static Stream stream;
    private static Kernels kernels;
    private static TestKernels testKernels;

    private GpuFixture() {
    }

    /** Null when a CUDA device is usable, else why not. */
    public static synchronized String unavailableReason() {
        if (!probed) {
            probed = true;
            try {
                device = Device.open(0);
            } catch (LlmbenchException e) {
                unavailable = e.getMessage();
            }
        }
        return unavailable;
    }

    public static synchronized Device device() {
        if (unavailableReason() != null) throw new IllegalStateException(unavailable);
        device.makeCurrent();
        return device;
    }

    public static synchronized Stream stream() {
        if (stream == null) stream = new Stream();
        device();
        return stream;
    }

    public static synchronized Kernels kernels() {
        if (kernels == null) kernels = new Kernels(KernelModule.of(device()));
        device();
        return kernels;
    }

    /** The kernels only the tests use (llmbench-test.fatbin). */
    public static synchronized TestKernels testKernels() {
        if (testKernels == null) testKernels = new TestKernels(KernelModule.of(device(), TestKernels.IMAGE));
        device();
        return testKernels;
    }
}
