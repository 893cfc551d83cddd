package dev.llmbench.cuda;

import dev.llmbench.testing.GpuFixture;
import dev.llmbench.testing.GpuTest;
import dev.llmbench.testing.Random;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

@GpuTest
class CudaGraphTest {

    /** A captured sequence of launches, replayed, leaves the same bytes as running it eagerly. */
    @Test
    void replayEqualsEagerExecution() {
        Kernels k = GpuFixture.kernels();
        TestKernels t = GpuFixture.testKernels();
        Stream s = GpuFixture.stream();
        int n = 50_001;
        float[] x = Random.floats(n, Random.freshSeed());
        float[] y = Random.floats(n, Random.freshSeed());
        try (DeviceBuffer dx = DeviceBuffer.allocate("x", DType.F32, n); DeviceBuffer eager = DeviceBuffer.allocate("eager", DType.F32, n);
             DeviceBuffer graphed = DeviceBuffer.allocate("graphed", DType.F32, n);
             DeviceBuffer counters = DeviceBuffer.allocate("counters", DType.I32, 3)) {
            dx.copyFrom(x);
            eager.copyFrom(y);
            graphed.copyFrom(y);
            counters.copyFrom(new int[] {0, 10, 20});
            BoundKernel[] eagerSteps = {t.axpy(eager, dx, 0.5f), t.axpy(eager, eager, -0.25f)};
            BoundKernel[] graphSteps = {t.axpy(graphed, dx, 0.5f), t.axpy(graphed, graphed, -0.25f), k.countersAdvance(counters, 3)};
            int replays = 5;
            for (int r = 0; r < replays; r++) for (BoundKernel b : eagerSteps) b.run(s);
            try (CudaGraph g = CudaGraph.capture(s, () -> {
                for (BoundKernel b : graphSteps) b.run(s);
            })) {
                s.synchronize();
                assertArrayEquals(new int[] {0, 10, 20}, counters.toInts(), "capture must not execute anything");
                for (int r = 0; r < replays; r++) g.replay(s);
                s.synchronize();
            }
            assertArrayEquals(eager.toFloats(), graphed.toFloats());
            assertArrayEquals(new int[] {replays, 10 + replays, 20 + replays}, counters.toInts());
        }
    }
}
