package dev.llmbench.bench.plot;

import dev.llmbench.bench.report.DecoderReport;
import dev.llmbench.bench.report.ReportRow;
import dev.llmbench.bench.results.JmhMetric;
import dev.llmbench.bench.results.JmhResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The sweep's lines from JMH results. The numbers are those of the report's {@code [BENCHMARK]} rows, one row
 * per combination of parameters, so the picture shows what {@code report} prints; a line is every combination
 * that differs in {@code batchSize} only.
 *
 * <p>Floors are drawn only from what the results carry: the secondary metrics {@value #FLOOR_MS} (the whole
 * generate), {@value #TTFT_FLOOR_MS} and {@value #TPOT_FLOOR_MS}, in milliseconds; tokens/s gets the ceiling
 * that {@value #FLOOR_MS} implies. Without them a panel has no floor line.
 */
public final class SweepData {

    public static final String FLOOR_MS = "floor_ms";
    public static final String TTFT_FLOOR_MS = "ttft_floor_ms";
    public static final String TPOT_FLOOR_MS = "tpot_floor_ms";

    private static final String BATCH = "batchSize";
    /** Parameters every label names, in this order; any other parameter is named only where series differ in it. */
    private static final List<String> LABEL_PARAMS = List.of("model", "precision", "mode", "inputOutputLen");
    private static final String NA = "n/a";

    private SweepData() {
    }

    /** The lines in the order their first result comes in the file; empty when no decoder result has a batch size. */
    public static List<SweepSeries> of(List<JmhResult> results) {
        Map<String, List<JmhResult>> byCombination = new LinkedHashMap<>();
        for (JmhResult result : results) {
            byCombination.computeIfAbsent(result.benchmarkClass() + result.params(), k -> new ArrayList<>()).add(result);
        }
        Map<SortedMap<String, String>, List<SweepSeries.Point>> bySeries = new LinkedHashMap<>();
        for (List<JmhResult> combination : byCombination.values()) {
            List<ReportRow> rows = DecoderReport.rows(combination);
            double batch = number(rows.isEmpty() ? NA : rows.get(0).value("batch_size"));
            if (Double.isFinite(batch)) {
                SortedMap<String, String> seriesParams = new TreeMap<>(combination.get(0).params());
                seriesParams.remove(BATCH);
                bySeries.computeIfAbsent(seriesParams, k -> new ArrayList<>()).add(point(rows.get(0), batch, combination));
            }
        }
        Set<String> differing = differingParams(bySeries.keySet());
        return bySeries.entrySet().stream()
                .map(e -> new SweepSeries(label(e.getKey(), differing), e.getValue().stream()
                        .sorted(Comparator.comparingDouble(SweepSeries.Point::batchSize)).toList()))
                .toList();
    }

    private static SweepSeries.Point point(ReportRow row, double batch, List<JmhResult> combination) {
        double latency = number(row.value("latency(ms)"));
        double p95 = number(row.value("percentile95(ms)"));
        double p99 = number(row.value("percentile99(ms)"));
        double floor = secondary(combination, FLOOR_MS);
        // tokens/s at a latency: the batch × output_len tokens of one generate, which the report divides by the mean.
        double tokens = batch * number(row.value("output_length"));
        Map<SweepMetric, Reading> readings = new EnumMap<>(SweepMetric.class);
        readings.put(SweepMetric.LATENCY, new Reading(latency, p95, p99, floor));
        readings.put(SweepMetric.TTFT, Reading.plain(number(row.value("ttft(ms)")), secondary(combination, TTFT_FLOOR_MS)));
        readings.put(SweepMetric.TPOT, Reading.plain(number(row.value("tpot(ms)")), secondary(combination, TPOT_FLOOR_MS)));
        readings.put(SweepMetric.TOKENS_PER_SEC, new Reading(number(row.value("tokens_per_sec")),
                tokens * 1000 / p95, tokens * 1000 / p99, tokens * 1000 / floor));
        return new SweepSeries.Point(batch, readings);
    }

    /** The first result of the combination that carries the metric, NaN when none does. */
    private static double secondary(List<JmhResult> combination, String label) {
        return combination.stream().map(r -> r.secondary(label)).flatMap(Optional::stream)
                .mapToDouble(JmhMetric::score).findFirst().orElse(Double.NaN);
    }

    private static Set<String> differingParams(Set<SortedMap<String, String>> series) {
        Set<String> names = series.stream().flatMap(p -> p.keySet().stream()).collect(Collectors.toSet());
        return names.stream()
                .filter(name -> !LABEL_PARAMS.contains(name))
                .filter(name -> series.stream().map(p -> p.getOrDefault(name, NA)).distinct().count() > 1)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String label(SortedMap<String, String> params, Set<String> differing) {
        return Stream.concat(
                        LABEL_PARAMS.stream().filter(params::containsKey).map(params::get),
                        differing.stream().map(name -> name + "=" + params.getOrDefault(name, NA)))
                .collect(Collectors.joining(" "));
    }

    /** A report field as a number: the report prints n/a for what it cannot compute. */
    private static double number(String field) {
        return field.equals(NA) ? Double.NaN : Double.parseDouble(field);
    }
}
