package dev.llmbench.bench;

import dev.llmbench.bench.command.Command;
import dev.llmbench.bench.cli.Dispatcher;
import dev.llmbench.bench.compare.CompareCommand;
import dev.llmbench.bench.generate.EncodeCommand;
import dev.llmbench.bench.generate.GenerateCommand;
import dev.llmbench.bench.history.HistoryCommand;
import dev.llmbench.bench.report.ReportCommand;
import dev.llmbench.bench.world.WorldEnv;
import dev.llmbench.gpu.GpuCheck;

import java.util.List;

/**
 * The jar's entry point: {@code report}, {@code compare}, {@code history}, the TensorRT-LLM style flags and
 * everything JMH's own {@code Main} understands. See {@link Dispatcher}.
 */
public final class Main {

    /**
     * Runs before any benchmark, in this JVM: without a usable GPU (no driver, no CUDA 13 runtime, no device) the user
     * gets one line and a non-zero exit instead of a failure per fork. A benchmark started by a launcher as one of
     * several processes then runs over all of them (the JMH launcher joins them).
     */
    private static final Runnable GPU_PREFLIGHT = GpuCheck::requireDevice;

    /** The same before generate and encode, which also run in one process only (one line under a launcher). */
    private static final Runnable COMMAND_PREFLIGHT = () -> {
        WorldEnv.requireOneProcess(System.getenv());
        GpuCheck.requireDevice();
    };

    private Main() {
    }

    public static void main(String[] args) {
        int status = new Dispatcher(commands(COMMAND_PREFLIGHT), GPU_PREFLIGHT).run(List.of(args), System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /** The subcommands of the jar: adding one is one entry here. */
    static List<Command> commands(Runnable gpuPreflight) {
        return List.of(new GenerateCommand(gpuPreflight), new EncodeCommand(gpuPreflight), new ReportCommand(), new CompareCommand(),
                new HistoryCommand());
    }

    static Dispatcher dispatcher(Runnable gpuPreflight) {
        return new Dispatcher(commands(gpuPreflight), gpuPreflight);
    }
}
