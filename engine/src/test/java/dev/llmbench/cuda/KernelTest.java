package dev.llmbench.cuda;

import dev.llmbench.testing.GpuFixture;
import dev.llmbench.testing.GpuTest;
import dev.llmbench.testing.Random;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The tests' own kernels (fill, axpy, sum, convert) on fresh random input against plain-Java computations. */
@GpuTest
class KernelTest {
    private final TestKernels k = GpuFixture.testKernels();
    private final Stream stream = GpuFixture.stream();

    @Test
    void axpyMatchesJava() {
        int n = 1 << 20 | 37;
        long seed = Random.freshSeed();
        float[] x = Random.floats(n, seed);
        float[] y = Random.floats(n, seed + 1);
        float a = 0.75f;
        try (DeviceBuffer dx = DeviceBuffer.allocate("x", DType.F32, n); DeviceBuffer dy = DeviceBuffer.allocate("y", DType.F32, n)) {
            dx.copyFrom(x);
            dy.copyFrom(y);
            k.axpy(dy, dx, a).run(stream);
            stream.synchronize();
            float[] got = dy.toFloats();
            float[] want = new float[n];
            for (int i = 0; i < n; i++) want[i] = a * x[i] + y[i];
            assertTrue(Random.relativeError(got, want) <= 1e-6, "seed " + seed);
        }
    }

    @Test
    void sumMatchesJava() {
        int n = 3_000_001;
        long seed = Random.freshSeed();
        float[] x = Random.floats(n, seed);
        double want = 0;
        for (float v : x) want += v;
        try (DeviceBuffer dx = DeviceBuffer.allocate("x", DType.F32, n); DeviceBuffer out = DeviceBuffer.allocate("sum", DType.F32, 1)) {
            dx.copyFrom(x);
            out.fillBytes(0xFF);
            k.sum(dx, out).run(stream);
            stream.synchronize();
            double got = out.toFloats()[0];
            // fp32 partial sums over 3M elements: error ~ sqrt(n) * eps * |values|
            assertEquals(want, got, 1e-2, "seed " + seed);
        }
    }

    @Test
    void fillWritesEveryElement() {
        int n = 100_003;
        try (DeviceBuffer b = DeviceBuffer.allocate("fill", DType.F32, n)) {
            b.fillBytes(0xFF);
            k.fill(b, 2.5f).run(stream);
            stream.synchronize();
            for (float v : b.toFloats()) assertEquals(2.5f, v, 0f);
        }
    }

    @Test
    void conversionsRoundLikeTheHost() {
        int n = 65_537;
        float[] x = Random.floats(n, Random.freshSeed());
        for (int i = 0; i < n; i += 7) x[i] *= 1000f; // exercise large exponents too
        for (DType t : new DType[] {DType.F16, DType.BF16}) {
            try (DeviceBuffer f32 = DeviceBuffer.allocate("f32", DType.F32, n); DeviceBuffer half = DeviceBuffer.allocate("half", t, n);
                 DeviceBuffer back = DeviceBuffer.allocate("back", DType.F32, n)) {
                f32.copyFrom(x);
                back.fillBytes(0xFF);
                k.convert(f32, half).run(stream);
                k.convert(half, back).run(stream);
                stream.synchronize();
                float[] got = back.toFloats();
                for (int i = 0; i < n; i++) assertEquals(HalfFloats.roundTo(t, x[i]), got[i], 0f, t + " at " + i + " of " + x[i]);
            }
        }
    }
}
