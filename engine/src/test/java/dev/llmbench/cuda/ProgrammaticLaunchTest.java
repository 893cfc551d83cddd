package dev.llmbench.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The programmatic-launch switch: on unless turned off, the property before the environment, Hopper and newer only. */
class ProgrammaticLaunchTest {
    @Test
    void onByDefaultAndTurnedOffByEitherSetting() {
        assertTrue(ProgrammaticLaunch.requested(null, null));
        for (String off : new String[] {"false", "0", "off", "no", " FALSE "}) {
            assertFalse(ProgrammaticLaunch.requested(off, null), off);
            assertFalse(ProgrammaticLaunch.requested(null, off), off);
        }
        assertTrue(ProgrammaticLaunch.requested("true", "0"), "the property wins over the environment");
        assertFalse(ProgrammaticLaunch.requested("0", "1"), "the property wins over the environment");
        assertTrue(ProgrammaticLaunch.requested(null, "1"));
    }

    @Test
    void onlyGpusWithComputeCapabilityNineOrNewer() {
        DeviceInfo ampere = new DeviceInfo(0, "A100", 108, 8, 0, 80L << 30, 13000, 13000);
        DeviceInfo hopper = new DeviceInfo(0, "H200", 132, 9, 0, 141L << 30, 13000, 13000);
        assertFalse(ProgrammaticLaunch.enabled(ampere));
        // the default request holds unless this JVM was started with the switch off
        assertTrue(ProgrammaticLaunch.enabled(hopper) == ProgrammaticLaunch.requested(System.getProperty(ProgrammaticLaunch.PROPERTY),
                System.getenv(ProgrammaticLaunch.ENVIRONMENT)));
    }
}
