package dev.llmbench.cuda;

import java.util.function.Function;

/**
 * Launchers for the kernels only the tests use (kernels/src/test/cuda: llmbench-test.fatbin, in the kernels
 * test-jar), made like those of {@link Kernels}: fill, axpy, sum and dtype conversion.
 */
public final class TestKernels {
    /** The test image: llmbench-test.fatbin with llmbench-test.signatures. */
    public static final String IMAGE = "llmbench-test";

    private final Function<String, Kernel> kernels;

    public TestKernels(KernelModule module) {
        this(module::kernel);
    }

    TestKernels(Function<String, Kernel> kernels) {
        this.kernels = kernels;
    }

    private KernelLaunch launch(String name) {
        return kernels.apply(name).newLaunch();
    }

    public BoundKernel fill(DeviceBuffer out, float value) {
        Kernels.require(out, DType.F32, out.elements(), "fill out");
        KernelLaunch l = launch("fill_f32").ptr(0, out).i64(1, out.elements()).f32(2, value);
        return Kernels.elementwise(l, out.elements());
    }

    /** y = a*x + y. */
    public BoundKernel axpy(DeviceBuffer y, DeviceBuffer x, float a) {
        Kernels.require(y, DType.F32, x.elements(), "axpy y");
        Kernels.require(x, DType.F32, y.elements(), "axpy x");
        KernelLaunch l = launch("axpy_f32").ptr(0, y).ptr(1, x).f32(2, a).i64(3, y.elements());
        return Kernels.elementwise(l, y.elements());
    }

    /** out[0] = sum(x), deterministic (one block). */
    public BoundKernel sum(DeviceBuffer x, DeviceBuffer out) {
        Kernels.require(x, DType.F32, x.elements(), "sum x");
        Kernels.require(out, DType.F32, 1, "sum out");
        return new BoundKernel(launch("sum_f32").ptr(0, x).i64(1, x.elements()).ptr(2, out), 1, 1, 1);
    }

    /** Converts between F32 and F16/BF16 (either direction), element for element. */
    public BoundKernel convert(DeviceBuffer in, DeviceBuffer out) {
        if (in.elements() != out.elements()) {
            throw new IllegalArgumentException("convert: " + in.describe() + " -> " + out.describe());
        }
        String name;
        if (in.type() == DType.F32 && out.type() != DType.F32) name = "convert_f32_to_" + out.type().suffix();
        else if (out.type() == DType.F32 && in.type() != DType.F32) name = "convert_" + in.type().suffix() + "_to_f32";
        else throw new IllegalArgumentException("convert: no kernel from " + in.type() + " to " + out.type());
        return Kernels.elementwise(launch(name).ptr(0, in).ptr(1, out).i64(2, in.elements()), in.elements());
    }
}
