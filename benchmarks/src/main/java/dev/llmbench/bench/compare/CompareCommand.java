package dev.llmbench.bench.compare;

import dev.llmbench.bench.cli.Command;
import dev.llmbench.bench.results.JmhJsonReader;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code compare BASE.json HEAD.json [--threshold PCT] [--single-sample-threshold PCT]}: exits 1 when a
 * metric got worse by more than the threshold (default 5%) and by more than both runs' errors together,
 * or, for a metric without error estimates, by more than the single-sample threshold (default 50%); else 0.
 */
public final class CompareCommand implements Command {

    @Override
    public String name() {
        return "compare";
    }

    @Override
    public String usage() {
        return CompareOptions.USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out) {
        CompareOptions options = CompareOptions.parse(args);
        Comparison comparison = Comparison.of(JmhJsonReader.read(options.base()), JmhJsonReader.read(options.head()));
        ComparisonPrinter.print(comparison, options.thresholds(), out);
        return comparison.hasRegression(options.thresholds()) ? 1 : 0;
    }
}
