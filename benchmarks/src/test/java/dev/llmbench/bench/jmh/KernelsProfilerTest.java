package dev.llmbench.bench.jmh;

import dev.llmbench.runtime.Breakdown;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class KernelsProfilerTest {

    private static Breakdown breakdown() {
        Breakdown.Phase context = new Breakdown.Phase();
        context.add("gemm", 1.5);
        context.add("attention", 0.5);
        context.add("gemm", 1.0);
        Breakdown.Phase step = new Breakdown.Phase();
        step.add("gemv", 0.25);
        step.add("dequantize+gemm", 0.125);
        step.add("gemv", 0.25);
        return new Breakdown(context, step);
    }

    @Test
    void eachPhaseGivesItsFamiliesAndTotalAndTheStepItsOpsAndGraphNodes() {
        Map<String, Double> got = new LinkedHashMap<>();
        for (Result r : KernelsProfiler.results(new KernelsProfiler.Published(breakdown(), 97))) got.put(r.getLabel(), r.getScore());
        Map<String, Double> want = new LinkedHashMap<>();
        want.put("kernels.context.gemm_ms", 2.5);
        want.put("kernels.context.attention_ms", 0.5);
        want.put("kernels.context.total_ms", 3.0);
        want.put("kernels.step.gemv_ms", 0.5);
        want.put("kernels.step.dequantize_gemm_ms", 0.125);
        want.put("kernels.step.total_ms", 0.625);
        want.put("kernels.step.ops", 3.0);
        want.put("kernels.step.graph_nodes", 97.0);
        assertEquals(want, got);
    }

    @Test
    void withoutAGraphThereIsNoNodeCount() {
        List<String> labels = KernelsProfiler.results(new KernelsProfiler.Published(breakdown(), -1)).stream()
                .map(Result::getLabel).toList();
        assertFalse(labels.contains("kernels.step.graph_nodes"), labels.toString());
        assertTrue(labels.contains("kernels.step.ops"), labels.toString());
    }

    @Test
    void anEncodersBreakdownHasItsForwardPassAsTheContextAndNoStepResults() {
        Map<String, Double> got = new LinkedHashMap<>();
        Breakdown encoder = Breakdown.contextOnly(breakdown().context());
        for (Result r : KernelsProfiler.results(new KernelsProfiler.Published(encoder, -1))) got.put(r.getLabel(), r.getScore());
        assertEquals(Map.of("kernels.context.gemm_ms", 2.5, "kernels.context.attention_ms", 0.5, "kernels.context.total_ms", 3.0), got);
        String table = encoder.table();
        assertFalse(table.contains("step"), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("gemm +2\\.500 +83\\.3%")), table);
    }

    @Test
    void theBenchmarkIsAskedOnlyOnceTheProfilerRunsAndAnIterationWithoutABreakdownAddsNothing() {
        KernelsProfiler profiler = new KernelsProfiler();
        profiler.beforeIteration(null, null);
        assertTrue(KernelsProfiler.requested());
        assertEquals(List.of(), List.copyOf(profiler.afterIteration(null, null, null)));
        KernelsProfiler.publish(breakdown(), 5);
        assertEquals(8, profiler.afterIteration(null, null, null).size());
        assertEquals(List.of(), List.copyOf(profiler.afterIteration(null, null, null)), "a breakdown is reported once");
    }
}
