package dev.llmbench.bench.compare;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints a {@link Comparison} as an aligned table, then the benchmarks found in one run only. */
public final class ComparisonPrinter {

    private static final List<String> HEADER =
            List.of("benchmark", "metric", "base", "head", "change", "beyond error", "verdict");

    private ComparisonPrinter() {
    }

    public static void print(Comparison comparison, double thresholdPercent, PrintStream out) {
        List<List<String>> table = new ArrayList<>();
        table.add(HEADER);
        for (MetricChange change : comparison.changes()) {
            table.add(List.of(
                    change.benchmark(),
                    change.unit().isEmpty() ? change.metric() : change.metric() + " (" + change.unit() + ")",
                    number(change.base(), change.baseError()),
                    number(change.head(), change.headError()),
                    percent(change.changePercent()),
                    change.beyondError() ? "yes" : "no",
                    change.verdict(thresholdPercent).label));
        }
        printAligned(table, out);
        for (String key : comparison.onlyInBase()) {
            out.println("only in base: " + key);
        }
        for (String key : comparison.onlyInHead()) {
            out.println("only in head: " + key);
        }
        long regressions = comparison.changes().stream()
                .filter(c -> c.verdict(thresholdPercent) == MetricChange.Verdict.REGRESSION).count();
        out.printf(Locale.ROOT, "%d metric(s) compared, %d regression(s) beyond %.1f%% and the error%n",
                comparison.changes().size(), regressions, thresholdPercent);
    }

    private static String number(double value, double error) {
        return Double.isNaN(error)
                ? String.format(Locale.ROOT, "%.3f", value)
                : String.format(Locale.ROOT, "%.3f ± %.3f", value, error);
    }

    private static String percent(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%+.2f%%", value) : "n/a";
    }

    private static void printAligned(List<List<String>> table, PrintStream out) {
        int[] widths = new int[HEADER.size()];
        for (List<String> row : table) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : table) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                boolean last = i == row.size() - 1;
                line.append(last ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
