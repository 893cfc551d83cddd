package dev.llmbench.bench.jmh;

import dev.llmbench.cuda.Nvml;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The GPU's SM clock as NVML reports it, read at the end of each measured iteration (right after its last call,
 * before the clock can drop): {@code sm_clock_mhz} in the results says at what clock the numbers were taken. A GPU
 * without NVML gives none, once and for all.
 */
public final class SmClock {
    private static final Map<Integer, Nvml> HANDLES = new HashMap<>();
    private static final Set<Integer> UNAVAILABLE = new HashSet<>();

    private SmClock() {
    }

    /** The SM clock of GPU {@code ordinal} now, MHz; NaN where NVML cannot say. */
    public static synchronized double sample(int ordinal) {
        if (UNAVAILABLE.contains(ordinal)) return Double.NaN;
        try {
            return HANDLES.computeIfAbsent(ordinal, Nvml::new).smClockMhz();
        } catch (RuntimeException noNvml) {
            UNAVAILABLE.add(ordinal);
            return Double.NaN;
        }
    }
}
