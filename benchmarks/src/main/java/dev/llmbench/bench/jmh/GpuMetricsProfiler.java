package dev.llmbench.bench.jmh;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Adds the GPU facts of a trial to JMH's result as secondary metrics (JSON and JMH's table):
 * {@code ttft_ms} and {@code generation_time_ms} (CUDA-event times inside each generate, averaged),
 * {@code build_time_s}, {@code gpu_peak_mem_gb} and {@code compute_cap} (90 for sm90); for the all-reduce
 * benchmark {@code allreduce_gpu_us}, {@code algbw_gbps} and {@code busbw_gbps} ({@link BusBandwidth}); and the run's
 * GPU ceilings, {@code ceiling_copy_gbps} and {@code ceiling_gemm_tflops} ({@link RunCeilings}), from which the report
 * adds the floor columns; {@code sm_clock_mhz}, the SM clock at the end of each iteration ({@link SmClock}). The
 * suite's entry
 * point always enables it; with plain JMH use {@code -prof dev.llmbench.bench.jmh.GpuMetricsProfiler}.
 */
public final class GpuMetricsProfiler implements InternalProfiler {

    @Override
    public String getDescription() {
        return "llmbench GPU metrics: ttft, generation time, build time, peak GPU memory, compute capability";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        GpuRunStats.resetIteration();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        GpuRunStats.Snapshot s = GpuRunStats.snapshot();
        List<Result> out = new ArrayList<>();
        if (s.generates() > 0) {
            out.add(new ScalarResult("ttft_ms", s.meanTtftMs(), "ms", AggregationPolicy.AVG));
            out.add(new ScalarResult("generation_time_ms", s.meanGenerationMs(), "ms", AggregationPolicy.AVG));
        }
        if (!Double.isNaN(s.meanAllReduceMs())) {
            double algbw = BusBandwidth.algorithmGbps(s.allReduceBytes(), s.meanAllReduceMs());
            out.add(new ScalarResult("allreduce_gpu_us", s.meanAllReduceMs() * 1e3, "us", AggregationPolicy.AVG));
            out.add(new ScalarResult("algbw_gbps", algbw, "GB/s", AggregationPolicy.AVG));
            out.add(new ScalarResult("busbw_gbps", BusBandwidth.allReduceBusGbps(algbw, s.allReduceRanks()), "GB/s",
                    AggregationPolicy.AVG));
        }
        addIfKnown(out, "build_time_s", s.buildSeconds(), "s", AggregationPolicy.AVG);
        addIfKnown(out, "gpu_peak_mem_gb", s.peakMemoryGiB(), "GiB", AggregationPolicy.MAX);
        addIfKnown(out, "compute_cap", s.computeCapability(), "sm", AggregationPolicy.MAX);
        addIfKnown(out, "ceiling_copy_gbps", s.ceilingCopyGBps(), "GB/s", AggregationPolicy.MAX);
        addIfKnown(out, "ceiling_gemm_tflops", s.ceilingGemmTflops(), "TFLOP/s", AggregationPolicy.MAX);
        addIfKnown(out, "sm_clock_mhz", s.smClockMhz(), "MHz", AggregationPolicy.AVG);
        return out;
    }

    private static void addIfKnown(List<Result> out, String label, double value, String unit, AggregationPolicy policy) {
        if (!Double.isNaN(value)) out.add(new ScalarResult(label, value, unit, policy));
    }
}
