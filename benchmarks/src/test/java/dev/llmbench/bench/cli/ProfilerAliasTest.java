package dev.llmbench.bench.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProfilerAliasTest {

    @Test
    void ourProfilersShortNamesBecomeTheirClassesWithTheirOptions() {
        assertEquals(List.of("-prof", "dev.llmbench.bench.jmh.KernelsProfiler", "-f", "1", "-prof",
                        "dev.llmbench.bench.jmh.NvmlProfiler:interval=10"),
                JmhLauncher.expandProfilerAliases(List.of("-prof", "kernels", "-f", "1", "-prof", "nvml:interval=10")));
        assertEquals(List.of("-prof", "gc", "-p", "kernels=1"), JmhLauncher.expandProfilerAliases(List.of("-prof", "gc", "-p", "kernels=1")));
    }
}
