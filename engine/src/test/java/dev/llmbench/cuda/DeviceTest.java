package dev.llmbench.cuda;

import dev.llmbench.testing.GpuFixture;
import dev.llmbench.testing.GpuTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the suite prints about the GPU: its name goes into messages, reports and result paths. */
@GpuTest
class DeviceTest {

    @Test
    void theNameIsPrintableText() {
        String name = GpuFixture.device().info().name();
        assertFalse(name.isBlank(), "empty device name");
        assertTrue(name.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "device name has bytes beyond its text: '" + name + "'");
        assertTrue(name.equals(name.trim()), "'" + name + "'");
    }
}
