package dev.llmbench.bench.compare;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.results.JmhMetric;
import dev.llmbench.bench.results.JmhResult;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/** Two files that write one metric in different units are compared in base's unit, or refused. */
class ComparisonUnitsTest {

    private static JmhResult generate(double score, double error, String unit) {
        return new JmhResult("peer.x.generate", "sample", new TreeMap<>(Map.of("model", "gpt_350m")),
                new JmhMetric(score, error, Map.of(), unit), Map.of());
    }

    @Test
    void microsecondsAgainstMillisecondsAreTheSameTime() {
        Comparison c = Comparison.of(Map.of("k", generate(20.0, 0.2, "ms/op")), Map.of("k", generate(19_000.0, 100.0, "us/op")));
        MetricChange score = c.changes().get(0);
        assertEquals(-5.0, score.changePercent(), 1e-9);
    }

    @Test
    void aTimeAgainstAThroughputIsRefused() {
        LlmbenchException e = assertThrows(LlmbenchException.class,
                () -> Comparison.of(Map.of("k", generate(20.0, 0.2, "ms/op")), Map.of("k", generate(50.0, 1.0, "ops/s"))));
        assertEquals("cannot compare score of k: base is in ms/op, head in ops/s", e.getMessage());
    }
}
