package dev.llmbench.bench.history;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.command.Command;
import dev.llmbench.bench.plot.PlotFile;
import dev.llmbench.bench.plot.PlotOption;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code history --plot OUT [--model M]... [--gpu GPU] [--index FILE]}: the latency of each configuration
 * across the commits of jmh-results, in the order its index gives, as a picture; prints one line saying
 * what it drew.
 */
public final class HistoryCommand implements Command {

    static final String USAGE = "history " + PlotOption.USAGE + " [--model M]... [--gpu GPU] [--index FILE]";

    @Override
    public String name() {
        return "history";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out) {
        PlotFile plot = null;
        Set<String> models = new LinkedHashSet<>();
        String gpu = null;
        Path indexFile = ResultsIndex.DEFAULT;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            String value = i + 1 < args.size() && !args.get(i + 1).startsWith("--") ? args.get(++i) : null;
            switch (option) {
                case PlotOption.NAME -> plot = PlotFile.of(value);
                case "--model" -> models.add(required(option, value));
                case "--gpu" -> gpu = required(option, value);
                case "--index" -> indexFile = Path.of(required(option, value));
                default -> throw new LlmbenchException("unknown argument " + option + "; usage: " + USAGE);
            }
        }
        if (plot == null) {
            throw new LlmbenchException("history draws a picture: give " + PlotOption.USAGE + "; usage: " + USAGE);
        }
        ResultsIndex index = ResultsIndex.read(indexFile);
        String chosen = gpu(index, gpu);
        History all = History.of(index.runs().stream().filter(run -> run.gpu().equals(chosen)).toList());
        for (String model : models) {
            if (!all.models().contains(model)) {
                throw new LlmbenchException("no run of " + chosen + " in " + indexFile + " has model " + model
                        + "; it has " + String.join(", ", all.models()));
            }
        }
        History steps = all.steps(models);
        if (steps.lines().isEmpty()) {
            throw new LlmbenchException("nothing to plot: no configuration of " + chosen
                    + (models.isEmpty() ? "" : " with model " + String.join(", ", models))
                    + " was measured at two commits or more");
        }
        HistoryPlot.write(plot, steps, chosen);
        List<String> commits = steps.commits();
        out.println(chosen + ": " + steps.lines().size() + " configuration(s) over " + commits.size() + " commits ("
                + commits.get(0) + " to " + commits.get(commits.size() - 1) + ") drawn to " + plot.path());
        return 0;
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new LlmbenchException(option + " needs a value; usage: " + USAGE);
        }
        return value;
    }

    /** The GPU asked for, or the only one of the index: numbers of two GPUs are never drawn together. */
    private static String gpu(ResultsIndex index, String asked) {
        TreeSet<String> gpus = index.gpus();
        if (asked != null) {
            if (!gpus.contains(asked)) {
                throw new LlmbenchException(index.file() + " has no run of GPU " + asked + "; it has "
                        + String.join(", ", gpus));
            }
            return asked;
        }
        if (gpus.size() != 1) {
            throw new LlmbenchException(index.file() + (gpus.isEmpty() ? " lists no run"
                    : " has runs of " + String.join(", ", gpus) + ": choose one with --gpu"));
        }
        return gpus.first();
    }
}
