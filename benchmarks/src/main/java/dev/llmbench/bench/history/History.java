package dev.llmbench.bench.history;

import dev.llmbench.bench.results.JmhJsonReader;
import dev.llmbench.bench.results.JmhResult;
import dev.llmbench.bench.results.TimeUnits;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The latency of each {@link Configuration} across the commits of one GPU's runs, commits in the index's order.
 *
 * @param commits the commits in order; a {@link Point}'s {@code commit} indexes this list
 * @param lines   per configuration, its points in commit order (a commit with two files may give two)
 */
public record History(List<String> commits, Map<Configuration, List<Point>> lines) {

    /** The JMH score of one run, in ms, and its error interval (equal to it where JMH gave no error). */
    public record Point(int commit, double millis, double low, double high) {
    }

    /** SampleTime's mean is over single calls, like the report's latency: it wins over other modes of one method. */
    private static final String SAMPLE_MODE = "sample";

    public History {
        commits = List.copyOf(commits);
        lines = new LinkedHashMap<>(lines);
    }

    /** Every configuration of the runs, those measured once included. */
    public static History of(List<IndexedRun> runs) {
        TreeMap<Integer, String> commitByOrder = new TreeMap<>();
        runs.forEach(run -> commitByOrder.put(run.order(), run.commit()));
        List<Integer> orders = new ArrayList<>(commitByOrder.keySet());
        Map<Configuration, List<Point>> lines = new TreeMap<>(Configuration.ORDER);
        for (IndexedRun run : runs) {
            int commit = orders.indexOf(run.order());
            oneResultPerConfiguration(JmhJsonReader.read(run.file())).forEach((configuration, result) ->
                    lines.computeIfAbsent(configuration, c -> new ArrayList<>()).add(point(commit, result)));
        }
        lines.values().forEach(points -> points.sort(Comparator.comparingInt(Point::commit)));
        return new History(List.copyOf(commitByOrder.values()), lines);
    }

    public Set<String> models() {
        Set<String> models = new TreeSet<>();
        lines.keySet().forEach(c -> models.add(c.model()));
        return models;
    }

    /**
     * The lines that can show a step: configurations measured at two commits or more, of the given models
     * (all when none is given).
     */
    public History steps(Set<String> models) {
        Map<Configuration, List<Point>> kept = new LinkedHashMap<>(lines);
        kept.keySet().removeIf(c -> !models.isEmpty() && !models.contains(c.model()));
        kept.values().removeIf(points -> points.stream().map(Point::commit).distinct().count() < 2);
        return new History(commits, kept);
    }

    /** Of a method run in several modes in one file (-bm all), the SampleTime result. */
    private static Map<Configuration, JmhResult> oneResultPerConfiguration(List<JmhResult> results) {
        Map<Configuration, JmhResult> byConfiguration = new HashMap<>();
        for (JmhResult result : results) {
            Configuration.of(result).ifPresent(configuration -> byConfiguration.merge(configuration, result,
                    (kept, other) -> !kept.mode().equals(SAMPLE_MODE) && other.mode().equals(SAMPLE_MODE) ? other : kept));
        }
        return byConfiguration;
    }

    private static Point point(int commit, JmhResult result) {
        String unit = result.primary().unit();
        double score = result.primary().score();
        double error = result.primary().scoreError();
        double millis = TimeUnits.toMillisPerOp(score, unit);
        if (!Double.isFinite(error)) {
            return new Point(commit, millis, millis, millis);
        }
        // Throughput's ms per op is the reciprocal: the interval's ends swap, hence min and max.
        double a = TimeUnits.toMillisPerOp(score - error, unit);
        double b = TimeUnits.toMillisPerOp(score + error, unit);
        return new Point(commit, millis, Math.min(a, b), Math.max(a, b));
    }
}
