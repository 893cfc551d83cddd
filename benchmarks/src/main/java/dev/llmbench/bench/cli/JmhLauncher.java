package dev.llmbench.bench.cli;

import dev.llmbench.bench.world.Cluster;
import dev.llmbench.bench.world.WorldEnv;
import dev.llmbench.bench.command.Command;
import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.jmh.GpuMetricsProfiler;
import dev.llmbench.bench.jmh.KernelsProfiler;
import dev.llmbench.bench.jmh.NvmlProfiler;
import dev.llmbench.bench.jmh.RunCeilings;
import dev.llmbench.bench.report.Reports;
import dev.llmbench.bench.report.ReportPrinter;
import dev.llmbench.bench.results.RunDescription;
import dev.llmbench.bench.results.RunResultsConverter;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Defaults;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.UnCloseablePrintStream;
import org.openjdk.jmh.util.Utils;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code org.openjdk.jmh.Main} does (help, the lists, a run), plus the TensorRT-LLM style flags,
 * the check of every parameter value and the GPU preflight before a run, and after it the
 * {@code [BENCHMARK]} report and the failed combinations (exit 1 when any failed). The help and the lists
 * never touch the GPU.
 */
final class JmhLauncher {

    private final Runnable gpuPreflight;
    private final List<Command> commands;
    private final PrintStream out;
    private final PrintStream err;

    JmhLauncher(Runnable gpuPreflight, List<Command> commands, PrintStream out, PrintStream err) {
        this.gpuPreflight = gpuPreflight;
        this.commands = commands;
        this.out = out;
        this.err = err;
    }

    int run(List<String> rawArgs) {
        List<String> args = expandProfilerAliases(rawArgs);
        Optional<TrtFlags.Translation> translation = TrtFlags.translate(args);
        CommandLineOptions jmh = translation.map(TrtFlags.Translation::jmh).orElseGet(() -> jmhOptions(args));
        // Every run carries the GPU facts (ttft, generation time, build time, peak memory) as secondary metrics.
        Options options = new OptionsBuilder().parent(translation.map(TrtFlags.Translation::options).orElse(jmh))
                .addProfiler(GpuMetricsProfiler.class).build();
        TrialOutcomes outcomes = new TrialOutcomes(jmhOutput(options),
                options.verbosity().orElse(Defaults.VERBOSITY).equalsOrHigherThan(VerboseMode.EXTRA));
        Runner runner = new Runner(options, outcomes);
        if (jmh.shouldHelp()) {
            Usage.print(commands, out);
            showJmhHelp(jmh);
        } else if (jmh.shouldList()) {
            runner.list();
        } else if (jmh.shouldListWithParams()) {
            runner.listWithParams(jmh);
        } else if (jmh.shouldListProfilers()) {
            jmh.listProfilers();
        } else if (jmh.shouldListResultFormats()) {
            jmh.listResultFormats();
        } else {
            ParamCheck.check(options);
            translation.ifPresent(t -> t.skipped().forEach(out::println));
            gpuPreflight.run();
            WorldEnv world = WorldEnv.from(System.getenv());
            if (!world.single() && !world.leader()) {
                Cluster.follow(world, System.getenv()); // builds and runs rank 0's trials until the run ends (or exits non-zero)
                return 0;
            }
            Optional<Cluster> cluster = Optional.empty();
            if (!world.single()) {
                // rank 0 runs every trial in this JVM, where the other processes joined (no JMH forks)
                cluster = Optional.of(Cluster.lead(world, System.getenv()));
                runner = new Runner(new OptionsBuilder().parent(options).forks(0).build(), outcomes);
            }
            Collection<RunResult> results;
            try {
                results = runner.run();
            } catch (NoBenchmarksException e) {
                RunCeilings.forget();
                cluster.ifPresent(c -> c.end("no benchmark matched on rank 0"));
                throw new LlmbenchException("no benchmark matches the pattern; -l lists them");
            } catch (RunnerException e) {
                RunCeilings.forget();
                cluster.ifPresent(c -> c.end("rank 0's run stopped at a failure"));
                // -foe true: JMH stopped at the first failure, which TrialOutcomes has named above.
                err.println("ERROR: benchmark run stopped at the first failure (-foe true): " + e.getMessage());
                return 1;
            }
            cluster.ifPresent(c -> c.end(null));
            describeRun(options, err);
            ReportPrinter.print(Reports.rows(RunResultsConverter.convert(results), Optional.empty()),
                    translation.map(TrtFlags.Translation::csv).orElse(false), out);
            TrialOutcomes.Summary summary = outcomes.summary(results);
            if (!summary.failed().isEmpty()) {
                out.flush();
                summary.failureLines().forEach(line -> err.println("ERROR: " + line));
                return 1;
            }
        }
        return 0;
    }

    /**
     * Where the run ran (commit, GPU, driver, ceilings), into every result of its JSON file, named as JMH names it
     * ({@code -rff}, else jmh-result.json); a failure is a warning, the results stay as JMH wrote them. The run's
     * shared file goes in any case.
     */
    private static void describeRun(Options options, PrintStream err) {
        try {
            if (options.getResultFormat().orElse(null) == ResultFormatType.JSON) {
                String file = options.getResult().orElse(Defaults.RESULT_FILE_PREFIX + "." + ResultFormatType.JSON.toString()
                        .toLowerCase(java.util.Locale.ROOT));
                RunDescription.of(RunCeilings.facts()).annotate(Path.of(file));
            }
        } catch (LlmbenchException e) {
            err.println("[WARNING] " + e.getMessage());
        } finally {
            RunCeilings.forget();
        }
    }

    /** Where JMH's own output goes, as JMH itself chooses it: the file of -o, else System.out (never closed). */
    private static OutputFormat jmhOutput(Options options) {
        PrintStream stream;
        try {
            stream = options.getOutput().hasValue() ? new PrintStream(options.getOutput().get(), Utils.guessConsoleEncoding())
                    : new UnCloseablePrintStream(System.out, Utils.guessConsoleEncoding());
        } catch (IOException e) {
            throw new LlmbenchException("cannot write JMH's output to " + options.getOutput().get() + ": " + e.getMessage(), e);
        }
        return OutputFormatFactory.createFormatInstance(stream, options.verbosity().orElse(Defaults.VERBOSITY));
    }

    /** Our profilers' short names (JMH knows only its built-ins by short name): {@code -prof nvml}, {@code -prof kernels}. */
    private static final Map<String, String> PROFILER_ALIASES = Map.of("nvml", NvmlProfiler.class.getName(),
            "kernels", KernelsProfiler.class.getName());

    static List<String> expandProfilerAliases(List<String> args) {
        List<String> out = new ArrayList<>(args);
        for (int i = 0; i + 1 < out.size(); i++) {
            if (!out.get(i).equals("-prof")) continue;
            String value = out.get(i + 1);
            for (Map.Entry<String, String> alias : PROFILER_ALIASES.entrySet()) {
                if (value.equals(alias.getKey()) || value.startsWith(alias.getKey() + ":")) {
                    out.set(i + 1, alias.getValue() + value.substring(alias.getKey().length()));
                }
            }
        }
        return out;
    }

    private static CommandLineOptions jmhOptions(List<String> args) {
        try {
            return new CommandLineOptions(args.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            throw new LlmbenchException("bad JMH option: " + e.getMessage(), e);
        }
    }

    /** JMH prints its option table to System.out; it has no other target. */
    private static void showJmhHelp(CommandLineOptions jmh) {
        try {
            jmh.showHelp();
        } catch (IOException e) {
            throw new LlmbenchException("cannot print JMH's help: " + e.getMessage(), e);
        }
    }
}
