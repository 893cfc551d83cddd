package dev.llmbench.bench.results;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * One metric of a JMH result, as JMH's JSON writes it: the score (mean over iterations, or over
 * samples in SampleTime mode), its error (half the 99.9% confidence interval; NaN with a single
 * iteration), the percentiles JMH computes and the unit.
 *
 * @param percentiles keyed by percent (95.0, 99.0, ...), as in JMH's {@code scorePercentiles}
 * @param unit        e.g. {@code ms/op}, {@code ops/s}, or a profiler's own unit ({@code ms}, {@code GB})
 */
public record JmhMetric(double score, double scoreError, Map<Double, Double> percentiles, String unit) {

    public JmhMetric {
        percentiles = Map.copyOf(percentiles);
    }

    public OptionalDouble percentile(double percent) {
        Double value = percentiles.get(percent);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
