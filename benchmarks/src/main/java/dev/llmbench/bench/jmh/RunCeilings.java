package dev.llmbench.bench.jmh;

import dev.llmbench.bench.results.FileReplacement;
import dev.llmbench.cuda.DeviceInfo;
import dev.llmbench.runtime.CeilingProbe;
import dev.llmbench.runtime.Floor;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.IntFunction;

/**
 * The ceilings of the run's GPU, measured once per run ({@link CeilingProbe}) and shared by its trials, so every
 * result of a run is judged against the same sitting's ceilings. A run is the suite's JVM: its trials in forked
 * JVMs find the first fork's measurement in a file of the temporary directory named after that JVM (its process id
 * and start time), and trials without forks find it in memory. {@link GpuMetricsProfiler} adds them to each result
 * as {@code ceiling_copy_gbps} and {@code ceiling_gemm_tflops}, from which the report adds the floor columns. A
 * probe that fails leaves the run without floors, said once in a {@code [WARNING]} line; the run goes on. The same
 * file holds the GPU's description ({@link #describe}), which the suite's JVM writes into the run's JSON at the end
 * ({@link RunDescription}).
 */
public final class RunCeilings {
    private static final String FORKED_MAIN = "org.openjdk.jmh.runner.ForkedMain";
    private static final String PROBE_FAILED = "probe_failed";
    private static Optional<Floor.Ceilings> measured; // this JVM's answer, once asked

    private RunCeilings() {
    }

    /**
     * The run's ceilings, those of GPU {@code ordinal} (the run's first GPU: every GPU of a run is taken to be alike),
     * measured by the first trial that asks; empty where that failed.
     */
    public static synchronized Optional<Floor.Ceilings> of(int ordinal) {
        if (measured == null) {
            measured = find(runFile(), CeilingProbe::measure, ordinal);
        }
        return measured;
    }

    /**
     * The ceilings in {@code file}, else {@code probe}'s for the GPU, written to {@code file} for the run's next trials.
     * A failed probe is recorded there too, so the run warns once and its later trials do not probe again.
     */
    static Optional<Floor.Ceilings> find(Path file, IntFunction<Floor.Ceilings> probe, int ordinal) {
        Properties p = load(file);
        Optional<Floor.Ceilings> saved = ceilings(p);
        if (saved.isPresent() || p.containsKey(PROBE_FAILED)) return saved;
        Floor.Ceilings c;
        try {
            c = probe.apply(ordinal);
        } catch (RuntimeException e) {
            System.out.println("[WARNING] the GPU's ceilings were not measured (" + e.getMessage()
                    + "): the [BENCHMARK] lines carry no floor");
            p.setProperty(PROBE_FAILED, String.valueOf(e.getMessage()));
            store(file, p);
            return Optional.empty();
        }
        write(file, c);
        return Optional.of(c);
    }

    static Optional<Floor.Ceilings> read(Path file) {
        return ceilings(load(file));
    }

    /** The ceilings a run file's properties hold, if they hold them. */
    private static Optional<Floor.Ceilings> ceilings(Properties p) {
        try {
            return Optional.of(new Floor.Ceilings(Double.parseDouble(p.getProperty("copy_gbps")),
                    Double.parseDouble(p.getProperty("gemm_tflops"))));
        } catch (RuntimeException missingOrUnreadable) {
            return Optional.empty(); // measured again
        }
    }

    static void write(Path file, Floor.Ceilings c) {
        Properties p = load(file);
        p.setProperty("copy_gbps", String.format(Locale.ROOT, "%.1f", c.copyGBps()));
        p.setProperty("gemm_tflops", String.format(Locale.ROOT, "%.1f", c.gemmTflops()));
        store(file, p);
    }

    /** Records the run's GPU (name, the CUDA version its driver supports, the CUDA runtime's) in the run's file. */
    public static synchronized void describe(DeviceInfo gpu) {
        describe(runFile(), gpu);
    }

    static void describe(Path file, DeviceInfo gpu) {
        Properties p = load(file);
        p.setProperty("gpu", gpu.name());
        p.setProperty("driver_cuda", version(gpu.driverVersion()));
        p.setProperty("runtime_cuda", version(gpu.runtimeVersion()));
        store(file, p);
    }

    /** CUDA's version number as its release: 13000 is 13.0. */
    static String version(int cudaVersion) {
        return cudaVersion / 1000 + "." + cudaVersion % 1000 / 10;
    }

    /** The run file's properties; none when it is missing or unreadable. */
    static Properties load(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                p.load(in);
            } catch (IOException | RuntimeException unreadable) {
                return new Properties();
            }
        }
        return p;
    }

    private static void store(Path file, Properties p) {
        try {
            FileReplacement.replace(file, tmp -> {
                try (Writer out = Files.newBufferedWriter(tmp)) {
                    p.store(out, "llmbench: one run's GPU, its description and ceilings (RunCeilings)");
                }
            });
        } catch (IOException e) {
            // the next fork measures again; this one has its value
        }
    }

    /** Removes this run's file: the suite's JVM, once the run's JSON holds what it said. */
    public static void forget() {
        try {
            Files.deleteIfExists(runFile(ProcessHandle.current()));
        } catch (IOException ignored) {
            // a stray file in the temporary directory
        }
    }

    /** What this JVM's run recorded (a suite JVM reads its forks' file): GPU description and ceilings, maybe none. */
    public static Properties facts() {
        return load(runFile(ProcessHandle.current()));
    }

    /** The run's file: named after the suite's JVM (this one's parent when this is a JMH fork). */
    static Path runFile() {
        ProcessHandle self = ProcessHandle.current();
        boolean fork = System.getProperty("sun.java.command", "").startsWith(FORKED_MAIN);
        return runFile(fork ? self.parent().orElse(self) : self);
    }

    /** The file of the run whose suite JVM is {@code run}. */
    static Path runFile(ProcessHandle run) {
        long started = run.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
        return Path.of(System.getProperty("java.io.tmpdir"), "llmbench-run-" + run.pid() + "-" + started + ".properties");
    }
}
