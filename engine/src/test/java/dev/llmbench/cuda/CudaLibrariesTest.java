package dev.llmbench.cuda;

import dev.llmbench.LlmbenchException;
import dev.llmbench.testing.GpuFixture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** CPU tests: the dynamic linker's complaints become one actionable line. */
class CudaLibrariesTest {

    @Test
    void missingDriverIsReportedAsNoUsableDevice() {
        String m = CudaLibraries.explain(new UnsatisfiedLinkError("libjnicudart.so: libcuda.so.1: cannot open shared object file"));
        assertTrue(m.startsWith("no usable CUDA device: the NVIDIA driver library libcuda.so.1 was not found"), m);
    }

    @Test
    void missingRuntimeNamesTheLibraryAndTheFix() {
        String m = CudaLibraries.explain(new UnsatisfiedLinkError("libjnicublas.so: libcublasLt.so.13: cannot open shared object file"));
        assertTrue(m.contains("libcublasLt.so.13 was not found") && m.contains("LD_LIBRARY_PATH") && m.contains("export"), m);
        String r = CudaLibraries.explain(new UnsatisfiedLinkError("libcudart.so.13: cannot open shared object file"));
        assertTrue(r.contains("CUDA library libcudart.so.13 was not found"), r);
    }

    /** On a machine without a GPU (CI), asking for a device gives the one-line reason, not a crash. */
    @Test
    void withoutAGpuDeviceCountThrowsAClearMessage() {
        Assumptions.assumeTrue(GpuFixture.unavailableReason() != null, "a GPU is present");
        LlmbenchException e = assertThrows(LlmbenchException.class, Device::count);
        assertTrue(e.getMessage().startsWith("no usable CUDA device") || e.getMessage().startsWith("CUDA library"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
