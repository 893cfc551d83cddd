package dev.llmbench.bench.report;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.command.Command;
import dev.llmbench.bench.results.JmhJsonReader;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code report FILE.json [--csv]}: the {@code [BENCHMARK]} lines of a saved JMH JSON file. */
public final class ReportCommand implements Command {

    private static final String USAGE = "report FILE.json [--csv]";

    @Override
    public String name() {
        return "report";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out) {
        boolean csv = args.contains("--csv");
        List<String> files = args.stream().filter(a -> !a.equals("--csv")).toList();
        if (files.size() != 1 || files.get(0).startsWith("-")) {
            throw new LlmbenchException("usage: " + USAGE);
        }
        Path file = Path.of(files.get(0));
        List<ReportRow> rows = DecoderReport.rows(JmhJsonReader.read(file));
        if (rows.isEmpty()) {
            throw new LlmbenchException(file + " holds no DecoderBenchmark results (generate, contextPhase, generationStep)");
        }
        ReportPrinter.print(rows, csv, out);
        return 0;
    }
}
