package dev.llmbench.bench.results;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One benchmark result of a JMH run: one {@code @Benchmark} method, in one mode, for one combination
 * of {@code @Param} values. Both live runs and saved JSON files become these, so that the report and
 * the comparison have a single input shape.
 *
 * @param benchmark fully qualified method, e.g. {@code dev.llmbench.bench.DecoderBenchmark.generate}
 * @param mode      JMH's short label: {@code thrpt}, {@code avgt}, {@code sample}, {@code ss}
 * @param params    the {@code @Param} values, sorted by name
 * @param secondary secondary metrics by label, without the {@code ·} prefix of older JMH versions
 */
public record JmhResult(String benchmark, String mode, SortedMap<String, String> params,
                        JmhMetric primary, Map<String, JmhMetric> secondary) {

    public JmhResult {
        params = new TreeMap<>(params);
        secondary = Map.copyOf(secondary);
    }

    /** The method name: the part of {@link #benchmark} after the last dot. */
    public String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** The benchmark class: {@link #benchmark} without the method. */
    public String benchmarkClass() {
        int dot = benchmark.lastIndexOf('.');
        return dot < 0 ? "" : benchmark.substring(0, dot);
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    public Optional<JmhMetric> secondary(String label) {
        return Optional.ofNullable(secondary.get(label));
    }
}
