package dev.llmbench.bench;

import dev.llmbench.bench.cli.Command;
import dev.llmbench.bench.cli.Dispatcher;
import dev.llmbench.bench.compare.CompareCommand;
import dev.llmbench.bench.report.ReportCommand;

import java.util.List;

/**
 * The jar's entry point: {@code report}, {@code compare}, the TensorRT-LLM style flags and everything
 * JMH's own {@code Main} understands. See {@link Dispatcher}.
 */
public final class Main {

    /**
     * Runs before any benchmark, in this JVM. No GPU check exists yet: the engine's device probe plugs
     * in here, and until then a machine without a GPU fails in the benchmark's setup instead.
     */
    private static final Runnable GPU_PREFLIGHT = () -> { };

    private Main() {
    }

    public static void main(String[] args) {
        int status = dispatcher(GPU_PREFLIGHT).run(List.of(args), System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /** The subcommands of the jar: adding one is one entry here. */
    static List<Command> commands() {
        return List.of(new ReportCommand(), new CompareCommand());
    }

    static Dispatcher dispatcher(Runnable gpuPreflight) {
        return new Dispatcher(commands(), gpuPreflight);
    }
}
