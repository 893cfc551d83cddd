package dev.llmbench.bench.jmh;

import dev.llmbench.cuda.Nvml;

/**
 * The GPU's SM clock as NVML reports it, read at the end of each measured iteration (right after its last call,
 * before the clock can drop): {@code sm_clock_mhz} in the results says at what clock the numbers were taken. A GPU
 * or host without NVML gives none, once and for all.
 */
public final class SmClock {
    private static Nvml nvml;
    private static boolean unavailable;

    private SmClock() {
    }

    /** The SM clock of GPU {@code ordinal} now, MHz; NaN where NVML cannot say. */
    public static synchronized double sample(int ordinal) {
        if (unavailable) return Double.NaN;
        try {
            if (nvml == null) nvml = new Nvml(ordinal);
            return nvml.smClockMhz();
        } catch (RuntimeException noNvml) {
            unavailable = true;
            return Double.NaN;
        }
    }
}
