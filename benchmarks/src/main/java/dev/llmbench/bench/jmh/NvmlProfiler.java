package dev.llmbench.bench.jmh;

import dev.llmbench.gpu.GpuTelemetry;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.util.Collection;
import java.util.List;

/**
 * NVML readings per iteration as secondary metrics: mean board power ({@code nvml_power_w}, sampled
 * every 20 ms), energy per generated token ({@code nvml_energy_per_token_j}, from the driver's energy
 * counter), mean SM clock ({@code nvml_sm_clock_mhz}) and device memory in use by all processes
 * ({@code nvml_mem_used_gb}). Enable with {@code -prof nvml} (the suite's entry point maps the short
 * name) or {@code -prof dev.llmbench.bench.jmh.NvmlProfiler}.
 */
public final class NvmlProfiler implements InternalProfiler {
    private GpuTelemetry.Sampling sampling;

    @Override
    public String getDescription() {
        return "llmbench NVML: mean power, energy per generated token, SM clock, memory used";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        sampling = GpuTelemetry.forDevice(0).startSampling(20);
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        GpuTelemetry.Summary s = sampling.stop();
        long tokens = GpuRunStats.generatedTokens();
        double perToken = tokens == 0 ? Double.NaN : s.energyJoules() / tokens;
        List<Result> out = new java.util.ArrayList<>(List.of(
                new ScalarResult("nvml_power_w", s.meanPowerWatts(), "W", AggregationPolicy.AVG),
                new ScalarResult("nvml_sm_clock_mhz", s.meanSmClockMhz(), "MHz", AggregationPolicy.AVG),
                new ScalarResult("nvml_mem_used_gb", s.memoryUsedBytes() / (double) (1L << 30), "GiB", AggregationPolicy.MAX)));
        if (!Double.isNaN(perToken)) {
            out.add(new ScalarResult("nvml_energy_per_token_j", perToken, "J/token", AggregationPolicy.AVG));
        }
        return out;
    }
}
