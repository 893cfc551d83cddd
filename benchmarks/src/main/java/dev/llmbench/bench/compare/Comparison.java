package dev.llmbench.bench.compare;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.results.JmhMetric;
import dev.llmbench.bench.results.JmhResult;
import dev.llmbench.bench.results.TimeUnits;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Matches the results of two JMH runs by their {@link ResultKey} and lists, per metric that has a
 * direction, the change from base to head; results found in one run only are listed apart.
 *
 * @param matched how many results are in both runs
 */
public record Comparison(List<MetricChange> changes, int matched, List<String> onlyInBase, List<String> onlyInHead) {

    /** The runs' results by key, as {@link ResultKey#index} gives them. */
    public static Comparison of(Map<String, JmhResult> base, Map<String, JmhResult> head) {
        List<MetricChange> changes = new ArrayList<>();
        List<String> onlyInBase = new ArrayList<>();
        for (Map.Entry<String, JmhResult> entry : base.entrySet()) {
            JmhResult headResult = head.get(entry.getKey());
            if (headResult == null) {
                onlyInBase.add(entry.getKey());
            } else {
                changes.addAll(changes(entry.getKey(), entry.getValue(), headResult));
            }
        }
        List<String> onlyInHead = head.keySet().stream().filter(k -> !base.containsKey(k)).toList();
        return new Comparison(changes, base.size() - onlyInBase.size(), onlyInBase, onlyInHead);
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

    /** The change of one metric, head expressed in base's unit (a peer may write us/op where we write ms/op). */
    private static MetricChange change(String key, String metric, Direction direction, JmhMetric base, JmhMetric head) {
        double scale = headInBaseUnit(key, metric, base.unit(), head.unit());
        return new MetricChange(key, metric, base.unit(), direction,
                base.score(), base.scoreError(), head.score() * scale, head.scoreError() * scale);
    }

    /**
     * The factor that turns a head value into base's unit: 1 for the same unit, the ratio of two times per
     * operation (us/op against ms/op); any other pair cannot be set side by side and is a user error.
     */
    static double headInBaseUnit(String key, String metric, String baseUnit, String headUnit) {
        if (baseUnit.equals(headUnit)) return 1;
        if (baseUnit.endsWith("/op") && headUnit.endsWith("/op")) {
            return TimeUnits.toMillisPerOp(1, headUnit) / TimeUnits.toMillisPerOp(1, baseUnit);
        }
        throw new LlmbenchException("cannot compare " + metric + " of " + key + ": base is in " + baseUnit + ", head in "
                + headUnit);
    }
}
