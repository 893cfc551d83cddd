package dev.llmbench.cuda;

import dev.llmbench.testing.GpuFixture;
import dev.llmbench.testing.GpuTest;
import dev.llmbench.testing.Random;
import org.junit.jupiter.api.Test;

import static dev.llmbench.testing.KernelChecks.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * NCCL's all-reduce through {@link NcclCommunicator}: a group of one rank (every GPU host has one) sums to its own
 * input in each type, in place too, and captured in a CUDA graph as a generation step would hold it; with two GPUs
 * visible, two ranks driven from one thread sum their inputs.
 */
@GpuTest
class NcclCommunicatorTest {
    private static final int N = 100_003;

    @Test
    void aGroupOfOneRankLeavesEachTypesInputAsItsSum() {
        Stream s = GpuFixture.stream();
        NcclCommunicator[] group = NcclCommunicator.initAll(GpuFixture.device().info().ordinal());
        try (NcclCommunicator one = group[0]) {
            assertEquals(0, one.rank());
            assertEquals(1, one.size());
            for (DType t : FLOAT_TYPES) {
                float[] x = stored(t, N, Random.freshSeed(), 3.0f);
                try (DeviceBuffer send = upload("send", t, x); DeviceBuffer recv = upload("recv", t, new float[N]);
                     DeviceBuffer inPlace = upload("in place", t, x)) {
                    one.allReduceSum(send, recv, s);
                    one.allReduceSum(inPlace, inPlace, s);
                    s.synchronize();
                    assertArrayEquals(x, recv.toFloats(), "one rank's " + t + " sum");
                    assertArrayEquals(x, inPlace.toFloats(), "one rank's " + t + " sum in place");
                }
            }
        }
    }

    @Test
    void anAllReduceCapturedInAGraphRunsAtEachReplay() {
        Stream s = GpuFixture.stream();
        TestKernels t = GpuFixture.testKernels();
        NcclCommunicator[] group = NcclCommunicator.initAll(GpuFixture.device().info().ordinal());
        float[] x = Random.floats(N, Random.freshSeed());
        try (NcclCommunicator one = group[0]; DeviceBuffer acc = upload("acc", DType.F32, x);
             DeviceBuffer reduced = upload("reduced", DType.F32, new float[N])) {
            try (CudaGraph g = CudaGraph.capture(s, () -> {
                one.allReduceSum(acc, reduced, s);
                t.axpy(acc, reduced, 1.0f).run(s); // acc += reduced: doubles acc at each replay
            })) {
                s.synchronize();
                assertArrayEquals(x, acc.toFloats(), "capture must not execute anything");
                for (int r = 0; r < 3; r++) g.replay(s);
                s.synchronize();
            }
            float[] want = new float[N];
            for (int i = 0; i < N; i++) want[i] = x[i] * 8; // exact: powers of two
            assertArrayEquals(want, acc.toFloats());
        }
    }

    @Test
    void twoRanksOnTwoGpusSumTheirInputs() {
        assumeTrue(Device.count() >= 2, "one GPU visible: the two-rank case needs two");
        Device first = GpuFixture.device();
        int a = first.info().ordinal(), b = a == 0 ? 1 : 0;
        NcclCommunicator[] group = NcclCommunicator.initAll(a, b);
        float[] x = stored(DType.F32, N, Random.freshSeed(), 1.0f), y = stored(DType.F32, N, Random.freshSeed(), 1.0f);
        DeviceBuffer xa = null, xb = null;
        Stream sb = null;
        try {
            xa = upload("rank 0", DType.F32, x);
            Device.open(b); // rank 1's buffer and stream on its device
            sb = new Stream();
            xb = upload("rank 1", DType.F32, y);
            DeviceBuffer ra = xa, rb = xb;
            Stream streamB = sb;
            NcclCommunicator.group(() -> {
                group[0].allReduceSum(ra, ra, GpuFixture.stream());
                group[1].allReduceSum(rb, rb, streamB);
            });
            sb.synchronize();
            float[] gotB = xb.toFloats();
            first.makeCurrent();
            GpuFixture.stream().synchronize();
            float[] gotA = xa.toFloats();
            for (int i = 0; i < N; i++) {
                assertEquals(x[i] + y[i], gotA[i], 0f, "rank 0, element " + i);
                assertEquals(x[i] + y[i], gotB[i], 0f, "rank 1, element " + i);
            }
        } finally {
            Device.open(b);
            if (xb != null) xb.close();
            if (sb != null) sb.close();
            first.makeCurrent();
            if (xa != null) xa.close();
            for (NcclCommunicator c : group) c.close();
        }
    }
}
