package dev.llmbench.bench.jmh;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** nccl-tests' algorithm and bus bandwidths, and the secondary metrics the GPU profiler makes of an all-reduce. */
class BusBandwidthTest {

    @Test
    void algorithmBandwidthIsBytesOverTimeInDecimalGigabytes() {
        assertEquals(1.0, BusBandwidth.algorithmGbps(1_000_000_000L, 1000.0), 1e-12);
        assertEquals(1073.741824, BusBandwidth.algorithmGbps(1L << 30, 1.0), 1e-9);
    }

    @Test
    void busBandwidthScalesByTwiceTheShareEachRankMoves() {
        assertEquals(0.0, BusBandwidth.allReduceBusGbps(100, 1), 0.0, "one rank moves nothing");
        assertEquals(100.0, BusBandwidth.allReduceBusGbps(100, 2), 1e-12);
        assertEquals(150.0, BusBandwidth.allReduceBusGbps(100, 4), 1e-12);
        assertEquals(175.0, BusBandwidth.allReduceBusGbps(100, 8), 1e-12);
    }

    @Test
    void anIterationOfAllReducesGivesTheirMeanTimeAndBandwidths() {
        GpuMetricsProfiler profiler = new GpuMetricsProfiler();
        profiler.beforeIteration(null, null);
        GpuRunStats.allReduced(2.0, 1_000_000_000L, 4);
        GpuRunStats.allReduced(4.0, 1_000_000_000L, 4);
        Map<String, Double> got = new LinkedHashMap<>();
        for (Result r : profiler.afterIteration(null, null, null)) got.put(r.getLabel(), r.getScore());
        assertEquals(3000.0, got.get("allreduce_gpu_us"), 1e-9);
        assertEquals(1e9 / 3e-3 / 1e9, got.get("algbw_gbps"), 1e-9);
        assertEquals(1e9 / 3e-3 / 1e9 * 1.5, got.get("busbw_gbps"), 1e-9);
        assertFalse(got.containsKey("ttft_ms"), got.toString());
        profiler.beforeIteration(null, null);
        for (Result r : profiler.afterIteration(null, null, null)) {
            assertFalse(r.getLabel().endsWith("bw_gbps"), "an iteration without all-reduces reports none: " + r.getLabel());
        }
    }
}
