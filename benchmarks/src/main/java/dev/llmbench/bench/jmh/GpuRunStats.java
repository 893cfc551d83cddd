package dev.llmbench.bench.jmh;

/**
 * Facts of the running trial that the benchmark state publishes and {@link GpuMetricsProfiler} reads at
 * the end of each iteration (both live in the forked benchmark JVM). Per-generate GPU times are summed
 * over the iteration so the profiler can report their mean.
 */
public final class GpuRunStats {
    private static double ttftSumMs;
    private static double generationSumMs;
    private static long generates;
    private static long generatedTokens;
    private static double buildSeconds = Double.NaN;
    private static double peakMemoryGiB = Double.NaN;
    private static double computeCapability = Double.NaN;
    private static double collectiveSumMs;
    private static long collectives;
    private static long collectiveBytes;
    private static int collectiveRanks;
    private static double ceilingCopyGBps = Double.NaN;
    private static double ceilingGemmTflops = Double.NaN;
    private static double smClockMhz = Double.NaN;

    private GpuRunStats() {
    }

    public static synchronized void trialBuilt(double buildSeconds, double computeCapability) {
        GpuRunStats.buildSeconds = buildSeconds;
        GpuRunStats.computeCapability = computeCapability;
    }

    /** The run's GPU ceilings ({@link RunCeilings}), for every result of the trial. */
    public static synchronized void ceilings(dev.llmbench.runtime.Floor.Ceilings c) {
        ceilingCopyGBps = c.copyGBps();
        ceilingGemmTflops = c.gemmTflops();
    }

    /** The SM clock at the end of the iteration ({@link SmClock}), NaN where unknown. */
    public static synchronized void smClock(double mhz) {
        smClockMhz = mhz;
    }

    public static synchronized void peakMemory(double gib) {
        peakMemoryGiB = gib;
    }

    public static synchronized void generated(double ttftMs, double generationMs, long tokens) {
        ttftSumMs += ttftMs;
        generationSumMs += generationMs;
        generates++;
        generatedTokens += tokens;
    }

    /** One all-reduce of {@code bytes} over {@code ranks} ranks that took {@code gpuMs} (CUDA events). */
    public static synchronized void allReduced(double gpuMs, long bytes, int ranks) {
        collectiveSumMs += gpuMs;
        collectives++;
        collectiveBytes = bytes;
        collectiveRanks = ranks;
    }

    /** Tokens generated (all sequences) since the last {@link #resetIteration()}. */
    public static synchronized long generatedTokens() {
        return generatedTokens;
    }

    public static synchronized void resetIteration() {
        ttftSumMs = 0;
        generationSumMs = 0;
        generates = 0;
        generatedTokens = 0;
        collectiveSumMs = 0;
        collectives = 0;
        smClockMhz = Double.NaN; // this iteration's, set again at its end
    }

    /** A consistent copy for the profiler. */
    public static synchronized Snapshot snapshot() {
        return new Snapshot(generates == 0 ? Double.NaN : ttftSumMs / generates,
                generates == 0 ? Double.NaN : generationSumMs / generates, generates, buildSeconds, peakMemoryGiB,
                computeCapability, collectives == 0 ? Double.NaN : collectiveSumMs / collectives, collectiveBytes,
                collectiveRanks, ceilingCopyGBps, ceilingGemmTflops, smClockMhz);
    }

    /** meanAllReduceMs: NaN where the iteration ran no all-reduce; the ceilings NaN where none were measured. */
    public record Snapshot(double meanTtftMs, double meanGenerationMs, long generates, double buildSeconds,
                           double peakMemoryGiB, double computeCapability, double meanAllReduceMs, long allReduceBytes,
                           int allReduceRanks, double ceilingCopyGBps, double ceilingGemmTflops, double smClockMhz) {
    }
}
