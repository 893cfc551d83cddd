package dev.llmbench.runtime;

import dev.llmbench.cuda.Cuda;
import dev.llmbench.testing.GpuFixture;
import dev.llmbench.testing.GpuTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probe measures two positive, finite rates and gives back the device memory it took. */
@GpuTest
class CeilingProbeTest {

    @Test
    void measuresBothCeilingsAndFreesItsBuffers() {
        int ordinal = GpuFixture.device().info().ordinal();
        long freeBefore = Cuda.memoryInfo()[0];
        Floor.Ceilings c = CeilingProbe.measure(ordinal);
        long freeAfter = Cuda.memoryInfo()[0];
        assertTrue(Double.isFinite(c.copyGBps()) && c.copyGBps() > 0, c.toString());
        assertTrue(Double.isFinite(c.gemmTflops()) && c.gemmTflops() > 0, c.toString());
        // its buffers (0.5 GiB at most at once) are gone again (cuBLASLt's handle may keep a little)
        assertTrue(freeBefore - freeAfter < (64L << 20), "free memory " + freeBefore + " before, " + freeAfter + " after");
    }
}
