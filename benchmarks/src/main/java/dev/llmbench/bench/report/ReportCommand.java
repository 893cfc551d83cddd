package dev.llmbench.bench.report;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.command.Command;
import dev.llmbench.bench.plot.PlotFile;
import dev.llmbench.bench.plot.PlotOption;
import dev.llmbench.bench.plot.SweepPlot;
import dev.llmbench.bench.results.JmhJsonReader;
import dev.llmbench.bench.results.JmhResult;
import dev.llmbench.runtime.Floor;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code report FILE.json [--csv] [--plot OUT]}: the {@code [BENCHMARK]} lines of a saved JMH JSON file, and
 * with {@code --plot} also their picture against batch size ({@link SweepPlot}).
 */
public final class ReportCommand implements Command {

    private static final String USAGE = "report FILE.json [--csv] [" + FloorColumns.OPTION + " COPY_GBPS,GEMM_TFLOPS] ["
            + PlotOption.USAGE + "]";

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
        List<String> rest = new ArrayList<>(args);
        Optional<PlotFile> plot = PlotOption.take(rest);
        Optional<Floor.Ceilings> ceilings = takeCeilings(rest);
        boolean csv = rest.contains("--csv");
        List<String> files = rest.stream().filter(a -> !a.equals("--csv")).toList();
        if (files.size() != 1 || files.get(0).startsWith("-")) {
            throw new LlmbenchException("usage: " + USAGE);
        }
        Path file = Path.of(files.get(0));
        List<JmhResult> results = JmhJsonReader.read(file);
        if (Reports.rows(results).isEmpty()) {
            throw new LlmbenchException(file + " holds no DecoderBenchmark results (generate, contextPhase, generationStep)"
                    + " and no EncoderBenchmark results (encode)");
        }
        ReportPrinter.print(Reports.rows(results, ceilings), csv, out);
        plot.ifPresent(picture -> SweepPlot.write(picture, results, file.getFileName().toString()));
        return 0;
    }

    /** Removes {@code --ceilings VALUE} from {@code args}; its value, parsed, when it was there. */
    private static Optional<Floor.Ceilings> takeCeilings(List<String> args) {
        int at = args.indexOf(FloorColumns.OPTION);
        if (at < 0) return Optional.empty();
        if (at + 1 >= args.size()) {
            throw new LlmbenchException(FloorColumns.OPTION + " needs COPY_GBPS,GEMM_TFLOPS; usage: " + USAGE);
        }
        Floor.Ceilings ceilings = FloorColumns.parse(args.get(at + 1));
        args.subList(at, at + 2).clear();
        return Optional.of(ceilings);
    }
}
