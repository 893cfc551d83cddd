package dev.llmbench.bench.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Prints report rows the way TensorRT-LLM's benchmark does: {@code [BENCHMARK] key value ...}, or CSV. */
public final class ReportPrinter {

    private ReportPrinter() {
    }

    public static void print(List<ReportRow> rows, boolean csv, PrintStream out) {
        lines(rows, csv).forEach(out::println);
    }

    public static List<String> lines(List<ReportRow> rows, boolean csv) {
        return csv ? csvLines(rows) : rows.stream().map(ReportPrinter::benchmarkLine).toList();
    }

    static String benchmarkLine(ReportRow row) {
        return row.fields().stream()
                .map(field -> field.key() + " " + field.value())
                .collect(Collectors.joining(" ", "[BENCHMARK] ", ""));
    }

    /** A header line from the first row's keys (all rows have the same), then one line per row. */
    static List<String> csvLines(List<ReportRow> rows) {
        List<String> lines = new ArrayList<>();
        if (rows.isEmpty()) {
            return lines;
        }
        lines.add(rows.get(0).keys().stream().map(ReportPrinter::csvCell).collect(Collectors.joining(",")));
        for (ReportRow row : rows) {
            lines.add(row.fields().stream().map(f -> csvCell(f.value())).collect(Collectors.joining(",")));
        }
        return lines;
    }

    /** Quotes a cell only when it must be (a checkpoint path may hold a comma). */
    private static String csvCell(String value) {
        if (value.contains(",") || value.contains("\"")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
