package dev.llmbench.bench.jmh;

import dev.llmbench.runtime.Breakdown;
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
import java.util.Locale;
import java.util.Map;

/**
 * Where the GPU time goes, as secondary results of each iteration, so {@code compare} shows which op family
 * moved: after the iteration (outside the measured calls) the benchmark runs one context phase and one
 * generation step op by op with a CUDA event after each op ({@code DecoderEngine.breakdown}), and this adds
 * {@code kernels.context.FAMILY_ms} and {@code kernels.step.FAMILY_ms} per op family (gemm, gemv, attention,
 * norm, ...), {@code kernels.step.ops} and {@code kernels.step.graph_nodes} (the kernels, copies and memsets
 * one replayed step launches). Enable with {@code -prof kernels} (the suite's entry point maps the short name)
 * or {@code -prof dev.llmbench.bench.jmh.KernelsProfiler}; DecoderBenchmark's trials publish the breakdown, and
 * EncoderBenchmark's publish their forward pass as the context phase (no {@code kernels.step.*} results). The
 * breakdown runs before JMH stops the profilers: do not combine with {@code -prof nvml}, whose power and energy
 * would include it.
 */
public final class KernelsProfiler implements InternalProfiler {

    /** What the benchmark hands over after an iteration: a breakdown and the step graph's node count (-1: none). */
    public record Published(Breakdown breakdown, long stepGraphNodes) {
    }

    private static volatile boolean requested;
    private static volatile Published latest;

    /** Whether a KernelsProfiler runs in this JVM: the benchmark times a breakdown after each iteration only then. */
    public static boolean requested() {
        return requested;
    }

    public static void publish(Breakdown breakdown, long stepGraphNodes) {
        latest = new Published(breakdown, stepGraphNodes);
    }

    @Override
    public String getDescription() {
        return "llmbench kernels: GPU time per op family of a context phase and a generation step, the step's ops and graph nodes";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        requested = true;
        latest = null;
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        Published p = latest;
        latest = null;
        return p == null ? List.of() : results(p);
    }

    /** The secondary results of one published breakdown. */
    static List<Result> results(Published p) {
        List<Result> out = new ArrayList<>();
        phase(out, "context", p.breakdown().context());
        if (p.breakdown().step().isEmpty()) return out; // an encoder: no generation step to report
        phase(out, "step", p.breakdown().step());
        double ops = p.breakdown().step().families().values().stream().mapToDouble(v -> v[1]).sum();
        out.add(new ScalarResult("kernels.step.ops", ops, "ops", AggregationPolicy.AVG));
        if (p.stepGraphNodes() >= 0) {
            out.add(new ScalarResult("kernels.step.graph_nodes", p.stepGraphNodes(), "nodes", AggregationPolicy.AVG));
        }
        return out;
    }

    private static void phase(List<Result> out, String name, Breakdown.Phase phase) {
        for (Map.Entry<String, double[]> f : phase.families().entrySet()) {
            String family = f.getKey().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
            out.add(new ScalarResult("kernels." + name + "." + family + "_ms", f.getValue()[0], "ms", AggregationPolicy.AVG));
        }
        out.add(new ScalarResult("kernels." + name + ".total_ms", phase.totalMillis(), "ms", AggregationPolicy.AVG));
    }
}
