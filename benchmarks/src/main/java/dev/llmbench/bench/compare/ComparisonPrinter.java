package dev.llmbench.bench.compare;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a {@link Comparison}: per benchmark a heading line (benchmark, mode, parameters), under it
 * one indented row per metric in columns aligned across the whole output, with the {@link Basis} it was
 * judged on; then the benchmarks found in one run only and a summary line.
 */
public final class ComparisonPrinter {

    private static final List<String> HEADER =
            List.of("metric", "base", "head", "change", "beyond error", "basis", "verdict");
    private static final String INDENT = "  ";

    private ComparisonPrinter() {
    }

    public static void print(Comparison comparison, Thresholds thresholds, PrintStream out) {
        Map<String, List<List<String>>> rowsByBenchmark = new LinkedHashMap<>();
        for (MetricChange change : comparison.changes()) {
            Basis basis = change.basis();
            rowsByBenchmark.computeIfAbsent(change.benchmark(), k -> new ArrayList<>()).add(List.of(
                    change.unit().isEmpty() ? change.metric() : change.metric() + " (" + change.unit() + ")",
                    number(change.base(), change.baseError()),
                    number(change.head(), change.headError()),
                    percent(change.changePercent()),
                    basis == Basis.SINGLE_SAMPLE ? "n/a" : change.beyondError() ? "yes" : "no",
                    thresholds.label(basis),
                    change.verdict(thresholds).label));
        }
        int[] widths = columnWidths(rowsByBenchmark);
        out.println(INDENT + aligned(HEADER, widths));
        rowsByBenchmark.forEach((benchmark, rows) -> {
            out.println(benchmark);
            rows.forEach(row -> out.println(INDENT + aligned(row, widths)));
        });
        for (String key : comparison.onlyInBase()) {
            out.println("only in base: " + key);
        }
        for (String key : comparison.onlyInHead()) {
            out.println("only in head: " + key);
        }
        long regressions = comparison.changes().stream()
                .filter(c -> c.verdict(thresholds) == MetricChange.Verdict.REGRESSION).count();
        out.printf(Locale.ROOT, "%d metric(s) compared, %d regression(s) beyond %.1f%% and the error,"
                        + " or beyond %.1f%% for a single sample%n",
                comparison.changes().size(), regressions, thresholds.errorsPercent(), thresholds.singleSamplePercent());
    }

    private static String number(double value, double error) {
        return Basis.hasErrorEstimate(value, error)
                ? String.format(Locale.ROOT, "%.3f ± %.3f", value, error)
                : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String percent(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%+.2f%%", value) : "n/a";
    }

    private static int[] columnWidths(Map<String, List<List<String>>> rowsByBenchmark) {
        int[] widths = HEADER.stream().mapToInt(String::length).toArray();
        rowsByBenchmark.values().stream().flatMap(List::stream).forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        return widths;
    }

    private static String aligned(List<String> row, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.size() - 1; i++) {
            line.append(String.format("%-" + widths[i] + "s  ", row.get(i)));
        }
        return line.append(row.get(row.size() - 1)).toString();
    }
}
