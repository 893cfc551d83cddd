package dev.llmbench.bench.compare;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.cli.Command;
import dev.llmbench.bench.results.JmhJsonReader;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code compare BASE.json HEAD.json [--threshold PCT]}: exits 1 when a metric got worse by more than
 * the threshold (default 5%) and by more than both runs' errors together, else 0.
 */
public final class CompareCommand implements Command {

    private static final String USAGE = "compare BASE.json HEAD.json [--threshold PCT]";
    static final double DEFAULT_THRESHOLD_PERCENT = 5.0;

    @Override
    public String name() {
        return "compare";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out) {
        List<String> files = new ArrayList<>();
        double threshold = DEFAULT_THRESHOLD_PERCENT;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--threshold")) {
                if (i + 1 >= args.size()) {
                    throw new LlmbenchException("--threshold needs a percentage; usage: " + USAGE);
                }
                threshold = percentage(args.get(++i));
            } else if (arg.startsWith("--threshold=")) {
                threshold = percentage(arg.substring("--threshold=".length()));
            } else if (arg.startsWith("-")) {
                throw new LlmbenchException("unknown option " + arg + "; usage: " + USAGE);
            } else {
                files.add(arg);
            }
        }
        if (files.size() != 2) {
            throw new LlmbenchException("usage: " + USAGE);
        }
        Comparison comparison = Comparison.of(
                JmhJsonReader.read(Path.of(files.get(0))), JmhJsonReader.read(Path.of(files.get(1))));
        ComparisonPrinter.print(comparison, threshold, out);
        return comparison.hasRegression(threshold) ? 1 : 0;
    }

    private static double percentage(String value) {
        try {
            double percent = Double.parseDouble(value);
            if (percent >= 0 && Double.isFinite(percent)) {
                return percent;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the error below
        }
        throw new LlmbenchException("--threshold takes a percentage >= 0, not '" + value + "'");
    }
}
