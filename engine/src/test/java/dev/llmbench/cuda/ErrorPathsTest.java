package dev.llmbench.cuda;

import dev.llmbench.LlmbenchException;
import dev.llmbench.testing.GpuFixture;
import dev.llmbench.testing.GpuTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.*;

/** Failures a user can cause become exceptions with one clear message, and the device stays usable. */
@GpuTest
class ErrorPathsTest {

    @Test
    void outOfMemorySaysWhatWasAskedAndWhatIsFree() {
        GpuFixture.device();
        long tooMuch = 1L << 50; // 1 PiB
        CudaOutOfMemoryException e = assertThrows(CudaOutOfMemoryException.class, () -> Arena.create("huge arena", tooMuch));
        assertTrue(e.getMessage().contains("huge arena") && e.getMessage().contains("asked 1048576.00 GiB")
                && e.getMessage().contains("free of"), e.getMessage());
        try (DeviceBuffer ok = DeviceBuffer.allocate("after oom", DType.F32, 1024)) {
            ok.copyFrom(new float[1024]);
        }
    }

    @Test
    void arenaOverflowNamesTheBuffer() {
        GpuFixture.device();
        try (Arena arena = Arena.create("small arena", 4096)) {
            arena.allocate("first", DType.F32, 512);
            LlmbenchException e = assertThrows(LlmbenchException.class, () -> arena.allocate("second", DType.F32, 1024));
            assertTrue(e.getMessage().contains("small arena exhausted: second needs"), e.getMessage());
        }
    }

    @Test
    void invalidLaunchConfigurationIsCaughtBeforeTheLaunch() {
        Kernel fill = KernelModule.of(GpuFixture.device(), TestKernels.IMAGE).kernel("fill_f32");
        try (DeviceBuffer b = DeviceBuffer.allocate("b", DType.F32, 16)) {
            KernelLaunch l = fill.newLaunch().ptr(0, b).i64(1, 16).f32(2, 1f);
            InvalidLaunchException e = assertThrows(InvalidLaunchException.class, () -> l.launch(GpuFixture.stream(), 1, 2048));
            assertTrue(e.getMessage().contains("fill_f32") && e.getMessage().contains("block (2048,1,1)"), e.getMessage());
            assertThrows(InvalidLaunchException.class, () -> l.launch(GpuFixture.stream(), 0, 256));
        }
    }

    @Test
    void aLaunchTheDriverRefusesNamesTheKernel() {
        Kernel fill = KernelModule.of(GpuFixture.device(), TestKernels.IMAGE).kernel("fill_f32");
        try (DeviceBuffer b = DeviceBuffer.allocate("b", DType.F32, 16)) {
            KernelLaunch l = fill.newLaunch().ptr(0, b).i64(1, 16).f32(2, 1f);
            // 1 GiB of dynamic shared memory exists on no GPU: the driver refuses the launch.
            CudaException e = assertThrows(CudaException.class, () -> l.launch(GpuFixture.stream(), 1, 1, 1, 32, 1 << 30));
            // cuLaunchKernelEx where the launch is programmatic (ProgrammaticLaunch: compute capability 9.0 and newer)
            String call = fill.programmatic() ? "cuLaunchKernelEx" : "cuLaunchKernel";
            assertTrue(e.getMessage().startsWith(call + " failed: CUDA_ERROR_") && e.getMessage().contains("fill_f32"),
                    e.getMessage());
            GpuFixture.stream().synchronize(); // the stream is still healthy
        }
    }

    @Test
    void unknownKernelNameIsAClearError() {
        KernelModule m = KernelModule.of(GpuFixture.device());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.kernel("no_such_kernel"));
        assertTrue(e.getMessage().contains("no_such_kernel is not declared in llmbench.signatures"), e.getMessage());
    }

    @Test
    void aGpuTheImageHasNoCodeForIsReportedAsUnsupported() throws Exception {
        DeviceInfo info = GpuFixture.device().info();
        Assumptions.assumeTrue(info.ccMajor() != 8, "this GPU is sm_8x: the sm_80-only probe image would load");
        byte[] image;
        try (InputStream in = getClass().getResourceAsStream("/dev/llmbench/kernels/probe-sm80-only.fatbin")) {
            assertNotNull(in, "probe image missing from the kernels test-jar");
            image = in.readAllBytes();
        }
        KernelBoundary probe = KernelBoundary.parse("probe_noop 32 ptr:x", "probe-sm80-only.signatures");
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> KernelModule.load(image, probe, info, "probe-sm80-only.fatbin"));
        assertTrue(e.getMessage().contains("is not supported by probe-sm80-only.fatbin") && e.getMessage().contains(info.computeCapability()),
                e.getMessage());
    }
}
