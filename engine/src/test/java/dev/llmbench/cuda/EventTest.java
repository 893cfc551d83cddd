package dev.llmbench.cuda;

import dev.llmbench.testing.GpuFixture;
import dev.llmbench.testing.GpuTest;
import dev.llmbench.testing.Random;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

@GpuTest
class EventTest {

    /**
     * Plausibility, not performance: events around more work report more time, and the implied memory
     * traffic of axpy (12 bytes an element) is physically possible (positive, below 20 TB/s).
     */
    @Test
    void eventsMeasureWorkPlausibly() {
        TestKernels k = GpuFixture.testKernels();
        Stream s = GpuFixture.stream();
        int n = 16 << 20;
        try (DeviceBuffer x = DeviceBuffer.allocate("x", DType.F32, n); DeviceBuffer y = DeviceBuffer.allocate("y", DType.F32, n);
             Event start = new Event(); Event mid = new Event(); Event end = new Event()) {
            x.copyFrom(Random.floats(n, Random.freshSeed()));
            y.copyFrom(Random.floats(n, Random.freshSeed()));
            BoundKernel axpy = k.axpy(y, x, 1e-3f);
            axpy.run(s); // warm-up
            start.record(s);
            axpy.run(s);
            mid.record(s);
            for (int i = 0; i < 16; i++) axpy.run(s);
            end.record(s);
            end.synchronize();
            float one = mid.elapsedMillisSince(start);
            float sixteen = end.elapsedMillisSince(mid);
            assertTrue(one > 0, "one launch took " + one + " ms");
            assertTrue(sixteen > one, "16 launches (" + sixteen + " ms) must take longer than one (" + one + " ms)");
            double bytesPerSecond = 12.0 * n * 16 / (sixteen / 1e3);
            assertTrue(bytesPerSecond < 20e12, "implied bandwidth " + bytesPerSecond / 1e12 + " TB/s is impossible");
        }
    }
}
