package dev.llmbench.bench.compare;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.plot.PlotFile;
import dev.llmbench.bench.plot.PlotOption;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of {@code compare}: the two files, the {@link Thresholds}, the {@link ResultKey} and where to
 * draw the verdict ({@code --plot}). Options take their value as the next argument or after {@code =}.
 */
record CompareOptions(Path base, Path head, Thresholds thresholds, ResultKey key, Optional<PlotFile> plot) {

    static final String USAGE = "compare BASE.json HEAD.json [--threshold PCT] [--single-sample-threshold PCT]"
            + " [--by PARAM,...] [" + PlotOption.USAGE + "]";

    static final double DEFAULT_THRESHOLD_PERCENT = 5.0;
    /**
     * A metric measured once per fork has no error bars; its noise shows only between sittings. In
     * jmh-results/h100, gpt_350m's build_time_s fell 30-35% from 5844fc4 to a490751 (a script changed) and
     * rose up to 32% from a490751 to 2b78de5 (two kernels gpt_350m does not run changed), while
     * gpu_peak_mem_gb stayed equal. 50% lets that noise pass and still catches a build time or a peak memory
     * that grew by half; a lower value suits runs of one sitting.
     */
    static final double DEFAULT_SINGLE_SAMPLE_THRESHOLD_PERCENT = 50.0;

    static CompareOptions parse(List<String> args) {
        List<String> files = new ArrayList<>();
        double threshold = DEFAULT_THRESHOLD_PERCENT;
        double singleSampleThreshold = DEFAULT_SINGLE_SAMPLE_THRESHOLD_PERCENT;
        ResultKey key = new ResultKey.AllParams();
        Optional<PlotFile> plot = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("-")) {
                files.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String option = equals < 0 ? arg : arg.substring(0, equals);
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                value = null;
            }
            switch (option) {
                case "--threshold" -> threshold = percentage(option, value);
                case "--single-sample-threshold" -> singleSampleThreshold = percentage(option, value);
                case "--by" -> key = new ResultKey.ByParams(paramNames(value));
                case PlotOption.NAME -> plot = Optional.of(PlotFile.of(value));
                default -> throw new LlmbenchException("unknown option " + option + "; usage: " + USAGE);
            }
        }
        if (files.size() != 2) {
            throw new LlmbenchException("usage: " + USAGE);
        }
        return new CompareOptions(Path.of(files.get(0)), Path.of(files.get(1)),
                new Thresholds(threshold, singleSampleThreshold), key, plot);
    }

    private static double percentage(String option, String value) {
        if (value == null) {
            throw new LlmbenchException(option + " needs a percentage; usage: " + USAGE);
        }
        try {
            double percent = Double.parseDouble(value);
            if (percent >= 0 && Double.isFinite(percent)) {
                return percent;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the error below
        }
        throw new LlmbenchException(option + " takes a percentage >= 0, not '" + value + "'");
    }

    private static List<String> paramNames(String value) {
        if (value == null) {
            throw new LlmbenchException("--by needs parameter names, e.g. --by model,batchSize; usage: " + USAGE);
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : value.split(",", -1)) {
            if (name.isBlank()) {
                throw new LlmbenchException("--by '" + value + "' has an empty parameter name");
            }
            if (!names.add(name.strip())) {
                throw new LlmbenchException("--by '" + value + "' names " + name.strip() + " twice");
            }
        }
        return List.copyOf(names);
    }
}
