package dev.llmbench.runtime;

import dev.llmbench.cuda.CublasLt;
import dev.llmbench.cuda.DType;
import dev.llmbench.cuda.Device;
import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.cuda.Epilogue;
import dev.llmbench.cuda.Event;
import dev.llmbench.cuda.KernelModule;
import dev.llmbench.cuda.Kernels;
import dev.llmbench.cuda.Stream;

import java.util.Arrays;

/**
 * Measures a GPU's ceilings ({@link Floor.Ceilings}), the two rates a floor divides by, as tools/peers/ceilings.py
 * does with PyTorch: the copy bandwidth (a device-to-device copy, bytes read plus written) and the float16 GEMM rate
 * (8192 × 8192 × 8192 through cuBLASLt), each the rate of the median of {@link #REPEATS} timed runs after warm-up
 * (ceilings.py takes the median of the rates: the same but for how two middle samples average), on random data. The
 * copy moves {@link #COPY_BYTES} (ceilings.py moves 1 GiB; a quarter keeps the probe light beside a model; its
 * figure on an H200 is not yet compared). It holds at most about 0.5 GiB of device memory at once, and frees it.
 */
public final class CeilingProbe {
    static final long COPY_BYTES = 256L << 20;
    static final int GEMM_SIZE = 8192;
    static final int REPEATS = 20;
    private static final int WARMUP = 3;
    private static final long WORKSPACE_BYTES = 32L << 20;

    private CeilingProbe() {
    }

    /** The ceilings of GPU {@code ordinal}, measured now. */
    public static Floor.Ceilings measure(int ordinal) {
        Device device = Device.open(ordinal);
        Kernels kernels = new Kernels(KernelModule.of(device));
        try (Stream stream = new Stream(); Event start = new Event(); Event end = new Event()) {
            double copyGBps = copyGBps(kernels, stream, start, end);
            double gemmTflops = gemmTflops(kernels, stream, start, end);
            return new Floor.Ceilings(copyGBps, gemmTflops);
        }
    }

    private static double copyGBps(Kernels kernels, Stream stream, Event start, Event end) {
        long elements = COPY_BYTES / 4;
        try (DeviceBuffer from = DeviceBuffer.allocate("ceiling probe: copy source", DType.F32, elements);
             DeviceBuffer to = DeviceBuffer.allocate("ceiling probe: copy target", DType.F32, elements)) {
            kernels.initUniform(from, System.nanoTime(), 1f, 0f).run(stream); // [-1, 1)
            double[] ms = timed(stream, start, end, () -> to.copyFrom(from, stream));
            return 2.0 * COPY_BYTES / (median(ms) * 1e-3) / 1e9;
        }
    }

    private static double gemmTflops(Kernels kernels, Stream stream, Event start, Event end) {
        long n = GEMM_SIZE;
        try (DeviceBuffer x = DeviceBuffer.allocate("ceiling probe: GEMM x", DType.F16, n * n);
             DeviceBuffer w = DeviceBuffer.allocate("ceiling probe: GEMM w", DType.F16, n * n);
             DeviceBuffer y = DeviceBuffer.allocate("ceiling probe: GEMM y", DType.F16, n * n);
             DeviceBuffer workspace = DeviceBuffer.allocate("ceiling probe: cuBLASLt workspace", DType.F32, WORKSPACE_BYTES / 4);
             CublasLt blas = new CublasLt(stream, workspace)) {
            // values in [-0.5, 0.5): sums of 8192 products stay far inside float16's range
            kernels.initUniform(x, System.nanoTime(), 0.5f, 0f).run(stream);
            kernels.initUniform(w, System.nanoTime() + 1, 0.5f, 0f).run(stream);
            double[] ms = timed(stream, start, end,
                    () -> blas.linear(y, x, w, null, GEMM_SIZE, GEMM_SIZE, GEMM_SIZE, Epilogue.NONE));
            return 2.0 * n * n * n / (median(ms) * 1e-3) / 1e12;
        }
    }

    /** Each of {@link #REPEATS} runs of {@code op} timed alone by two events, after {@link #WARMUP} untimed ones, ms. */
    private static double[] timed(Stream stream, Event start, Event end, Runnable op) {
        for (int i = 0; i < WARMUP; i++) op.run();
        double[] ms = new double[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            start.record(stream);
            op.run();
            end.record(stream);
            end.synchronize();
            ms[i] = end.elapsedMillisSince(start);
        }
        return ms;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }
}
