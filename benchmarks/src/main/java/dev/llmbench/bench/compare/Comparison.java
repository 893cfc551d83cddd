package dev.llmbench.bench.compare;

import dev.llmbench.bench.results.JmhMetric;
import dev.llmbench.bench.results.JmhResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Matches the results of two JMH runs by benchmark, mode and parameters and lists, per metric that
 * has a direction, the change from base to head; results found in one run only are listed apart.
 *
 * @param matched how many results are in both runs
 */
public record Comparison(List<MetricChange> changes, int matched, List<String> onlyInBase, List<String> onlyInHead) {

    /** Dropped from benchmark names in the keys, to keep lines short. */
    private static final String OUR_PACKAGE = "dev.llmbench.bench.";

    public static Comparison of(List<JmhResult> base, List<JmhResult> head) {
        Map<String, JmhResult> baseByKey = byKey(base);
        Map<String, JmhResult> headByKey = byKey(head);
        List<MetricChange> changes = new ArrayList<>();
        List<String> onlyInBase = new ArrayList<>();
        for (Map.Entry<String, JmhResult> entry : baseByKey.entrySet()) {
            JmhResult headResult = headByKey.get(entry.getKey());
            if (headResult == null) {
                onlyInBase.add(entry.getKey());
            } else {
                changes.addAll(changes(entry.getKey(), entry.getValue(), headResult));
            }
        }
        List<String> onlyInHead = headByKey.keySet().stream().filter(k -> !baseByKey.containsKey(k)).toList();
        return new Comparison(changes, baseByKey.size() - onlyInBase.size(), onlyInBase, onlyInHead);
    }

    public boolean hasRegression(Thresholds thresholds) {
        return changes.stream().anyMatch(c -> c.verdict(thresholds) == MetricChange.Verdict.REGRESSION);
    }

    private static List<MetricChange> changes(String key, JmhResult base, JmhResult head) {
        List<MetricChange> changes = new ArrayList<>();
        Direction.ofPrimary(base.mode(), base.primary().unit()).ifPresent(
                direction -> changes.add(change(key, "score", direction, base.primary(), head.primary())));
        for (Map.Entry<String, JmhMetric> entry : new TreeMap<>(base.secondary()).entrySet()) {
            Optional<JmhMetric> headMetric = head.secondary(entry.getKey());
            Optional<Direction> direction = Direction.ofSecondary(entry.getKey());
            if (headMetric.isPresent() && direction.isPresent()) {
                changes.add(change(key, entry.getKey(), direction.get(), entry.getValue(), headMetric.get()));
            }
        }
        return changes;
    }

    private static MetricChange change(String key, String metric, Direction direction, JmhMetric base, JmhMetric head) {
        return new MetricChange(key, metric, base.unit(), direction,
                base.score(), base.scoreError(), head.score(), head.scoreError());
    }

    private static Map<String, JmhResult> byKey(List<JmhResult> results) {
        Map<String, JmhResult> byKey = new LinkedHashMap<>();
        for (JmhResult result : results) {
            byKey.put(key(result), result);
        }
        return byKey;
    }

    /** {@code DecoderBenchmark.generate [sample] batchSize=1,model=gpt_350m,...}: unique within a run. */
    static String key(JmhResult result) {
        String benchmark = result.benchmark().startsWith(OUR_PACKAGE)
                ? result.benchmark().substring(OUR_PACKAGE.length()) : result.benchmark();
        String params = result.params().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        return benchmark + " [" + result.mode() + "]" + (params.isEmpty() ? "" : " " + params);
    }
}
