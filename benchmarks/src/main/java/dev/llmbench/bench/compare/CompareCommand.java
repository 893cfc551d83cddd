package dev.llmbench.bench.compare;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.command.Command;
import dev.llmbench.bench.plot.ComparisonPlot;
import dev.llmbench.bench.results.JmhJsonReader;
import dev.llmbench.bench.results.JmhResult;
import dev.llmbench.bench.results.RunDescription;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code compare BASE.json HEAD.json [--threshold PCT] [--single-sample-threshold PCT] [--by PARAM,...]
 * [--plot OUT]}: exits 1 when a metric got worse by more than the threshold (default 5%) and by more than
 * both runs' errors together, or, for a metric without error estimates, by more than the single-sample
 * threshold (default 50%); else 0. {@code --by} matches results on the method, the mode and the named parameters
 * only, e.g. a PyTorch peer's with ours. Nothing to compare is a user error. {@code --plot} also draws the
 * verdict ({@link ComparisonPlot}); the exit status stays the verdict's.
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
        Map<String, JmhResult> base = options.key().index(results(options.base()), options.base());
        Map<String, JmhResult> head = options.key().index(results(options.head()), options.head());
        Comparison comparison = Comparison.of(base, head);
        if (comparison.changes().isEmpty()) {
            throw new LlmbenchException("nothing compared: " + whyNothing(comparison, options));
        }
        machineWarning(options).ifPresent(out::println);
        ComparisonPrinter.print(comparison, options.thresholds(), out);
        options.plot().ifPresent(plot -> ComparisonPlot.write(plot, comparison, options.thresholds(),
                "compare " + options.base().getFileName() + " → " + options.head().getFileName()));
        return comparison.hasRegression(options.thresholds()) ? 1 : 0;
    }

    /** A warning when the two files name different GPUs or drivers: their numbers judge the machines as much as the code. */
    static Optional<String> machineWarning(CompareOptions options) {
        Optional<RunDescription> base = RunDescription.read(options.base()), head = RunDescription.read(options.head());
        if (base.isEmpty() || head.isEmpty()) return Optional.empty();
        List<String> differences = base.get().differences(head.get());
        if (differences.isEmpty()) return Optional.empty();
        return Optional.of("[WARNING] the two runs ran on different machines (" + String.join(", ", differences)
                + "): a change below may be the machine's, not the code's");
    }

    private static List<JmhResult> results(Path file) {
        List<JmhResult> results = JmhJsonReader.read(file);
        if (results.isEmpty()) {
            throw new LlmbenchException("nothing compared: " + file + " holds no result");
        }
        return results;
    }

    private static String whyNothing(Comparison comparison, CompareOptions options) {
        if (comparison.matched() > 0) {
            return "the " + comparison.matched() + " result(s) in both files have no metric with a direction";
        }
        return "no result of " + options.base() + " matches one of " + options.head() + " on "
                + options.key().parts() + " (only in base: " + named(comparison.onlyInBase())
                + "; only in head: " + named(comparison.onlyInHead()) + ")";
    }

    /** The first key and how many more: enough to see what differs, and one line however many there are. */
    private static String named(List<String> keys) {
        return keys.get(0) + (keys.size() > 1 ? " and " + (keys.size() - 1) + " more" : "");
    }
}
