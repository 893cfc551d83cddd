package dev.llmbench.bench;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.fixture.FakeDecoderBenchmark;
import dev.llmbench.testing.ChildJvm;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jar's command line, in-process, on a machine without a GPU. */
class MainTest {

    private static final String FAKE = "dev.llmbench.bench.fixture.FakeDecoderBenchmark.generate";

    private final AtomicInteger preflights = new AtomicInteger();
    private final Runnable countingPreflight = preflights::incrementAndGet;

    @Test
    void helpShowsOurUsageThenJmhsWithoutTheGpu() {
        CommandOutput result = CommandOutput.run(countingPreflight, "-h");

        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().contains("report FILE.json [--csv]"), result.out());
        assertTrue(result.out().contains("compare BASE.json HEAD.json [--threshold PCT]"), result.out());
        assertTrue(result.out().contains("--input_output_len \"IN,OUT;IN,OUT\""), result.out());
        // JMH's own option table follows ours.
        assertTrue(result.out().indexOf("-wi <int>") > result.out().indexOf("--batch_size"), result.out());
        assertEquals(0, preflights.get());
    }

    @Test
    void listShowsTheBenchmarksWithoutTheGpu() {
        CommandOutput result = CommandOutput.run(countingPreflight, "-l");

        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().contains("Benchmarks:"), result.out());
        assertTrue(result.out().contains(FAKE), result.out());
        assertEquals(0, preflights.get());
    }

    @Test
    void listWithParamsAndProfilersWithoutTheGpu() {
        CommandOutput params = CommandOutput.run(countingPreflight, "-lp", "FakeDecoderBenchmark");
        assertEquals(0, params.status(), params.err());
        assertTrue(params.out().contains("param \"inputOutputLen\" = {60:20}"), params.out());

        CommandOutput profilers = CommandOutput.run(countingPreflight, "-lprof");
        assertEquals(0, profilers.status(), profilers.err());
        assertTrue(profilers.out().contains("gc:"), profilers.out());

        assertEquals(0, preflights.get());
    }

    @Test
    void listWorksBesideOurFlags() {
        CommandOutput result = CommandOutput.run(countingPreflight, "-m", "gpt_350m", "--batch_size", "1;8", "-l");

        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().contains("Benchmarks:"), result.out());
        assertEquals(0, preflights.get());
    }

    @Test
    void aRunCallsThePreflightThenPrintsTheReportOfLiveResults() {
        CommandOutput result = CommandOutput.run(countingPreflight, FAKE, "-f", "0", "-wi", "0", "-i", "1",
                "-r", "200ms", "-p", "batchSize=2", "-p", "inputOutputLen=30:10");

        assertEquals(0, result.status(), result.err());
        assertEquals(1, preflights.get());
        String line = result.outLines().stream().filter(l -> l.startsWith("[BENCHMARK] ")).findFirst()
                .orElseThrow(() -> new AssertionError("no [BENCHMARK] line in\n" + result.out()));
        assertTrue(line.startsWith("[BENCHMARK] model_name gpt_350m world_size 1 num_heads 16 "), line);
        assertTrue(line.contains(" batch_size 2 gpu_weights_percent 1.0 input_length 30 output_length 10 "), line);
        assertTrue(line.contains(" total_generated_tokens 18 "), line);
        assertTrue(line.matches(".* latency\\(ms\\) \\d+\\.\\d{3} .*"), line);
        assertTrue(line.matches(".* percentile99\\(ms\\) \\d+\\.\\d{3} .*"), line);
        // The fake has no secondary metrics and no contextPhase.
        assertTrue(line.contains(" ttft(ms) n/a "), line);
    }

    @Test
    void aFailedPreflightStopsTheRunWithOneLine() {
        CommandOutput result = CommandOutput.run(() -> {
            throw new LlmbenchException("no CUDA device");
        }, FAKE, "-f", "0");

        assertEquals(2, result.status());
        assertEquals("ERROR: no CUDA device", result.err().strip());
        assertFalse(result.out().contains("# Benchmark:"), result.out());
    }

    @Test
    void helpOffersOnlyModesThatRun() {
        CommandOutput result = CommandOutput.run(countingPreflight, "-h");

        String modeLine = result.outLines().stream().filter(l -> l.strip().startsWith("--mode")).findFirst().orElseThrow();
        assertTrue(modeLine.endsWith("plugin, ootb-except-mha or ootb (default plugin)"), modeLine);
    }

    @Test
    void everyParameterValueIsCheckedBeforeTheGpu() {
        for (String[] bad : new String[][] {
                {"mode=turbo", "ERROR: -p mode=turbo: unknown mode 'turbo': use plugin, ootb-except-mha or ootb"},
                {"model=glm_10b", "ERROR: -p model=glm_10b: family glm is not supported yet (model glm_10b)"},
                {"precision=fp8", "ERROR: -p precision=fp8: unsupported dtype 'fp8': use float32, float16 or bfloat16"},
                {"inputOutputLen=60,20", "ERROR: -p inputOutputLen=60: inputOutputLen '60' must be IN:OUT, e.g. 60:20"},
                {"batchSize=0", "ERROR: -p batchSize=0: batchSize takes whole numbers >= 1, not '0'"}}) {
            CommandOutput result = CommandOutput.run(countingPreflight, FAKE, "-f", "0", "-p", bad[0]);

            assertEquals(2, result.status(), bad[0]);
            assertEquals(bad[1], result.err().strip());
            assertFalse(result.out().contains("# Benchmark:"), result.out());
        }
        assertEquals(0, preflights.get());
    }

    @Test
    void aFailedCombinationIsOneLineTheSweepGoesOnAndTheRunFails() {
        CommandOutput result = CommandOutput.run(countingPreflight, FAKE, "-f", "0", "-wi", "0", "-i", "1", "-r", "100ms",
                "-p", "batchSize=1," + FakeDecoderBenchmark.FAILING_BATCH + ",2", "-p", "inputOutputLen=30:10");

        assertEquals(1, result.status(), result.err());
        String failed = "[FAILED] fixture.FakeDecoderBenchmark.generate [sample] batchSize=3, inputOutputLen=30:10, mode=plugin,"
                + " model=gpt_350m, precision=float16: IllegalStateException: simulated CUDA failure at batch 3";
        assertTrue(result.outLines().contains(failed), result.out());
        assertFalse(result.out().contains("\tat "), "stack trace printed:\n" + result.out());
        assertEquals(2, result.outLines().stream().filter(l -> l.startsWith("[BENCHMARK] ")).count(), result.out());
        assertEquals(List.of("ERROR: " + failed, "ERROR: 1 of 3 combinations failed"), result.err().lines().toList());
    }

    @Test
    void aCombinationBeyondTheLimitsIsSkippedWithAWarningAndTheRunSucceeds() {
        CommandOutput result = CommandOutput.run(countingPreflight, FAKE, "-f", "0", "-wi", "0", "-i", "1", "-r", "100ms",
                "-p", "batchSize=" + FakeDecoderBenchmark.SKIPPED_BATCH + ",2", "-p", "inputOutputLen=30:10");

        assertEquals(0, result.status(), result.err());
        assertTrue(result.outLines().contains("[WARNING] skipping fixture.FakeDecoderBenchmark.generate [sample] batchSize=5,"
                + " inputOutputLen=30:10, mode=plugin, model=gpt_350m, precision=float16: batch size 5 exceeds max batch size 4"
                + " of gpt_350m"), result.out());
        assertEquals(1, result.outLines().stream().filter(l -> l.startsWith("[BENCHMARK] ")).count(), result.out());
    }

    /** In a forked JVM the failure crosses JMH's link to the host: the same one line, and the run still fails. */
    @Test
    void aFailureInAForkedTrialIsOneLineToo() {
        // JMH forks with java.class.path, which under the bundle's test launcher names only the launcher.
        String classPath = System.getProperty("java.class.path");
        System.setProperty("java.class.path", ChildJvm.classPath());
        CommandOutput result;
        try {
            result = CommandOutput.run(countingPreflight, FAKE, "-f", "1", "-wi", "0", "-i", "1", "-r", "100ms",
                    "-p", "batchSize=" + FakeDecoderBenchmark.FAILING_BATCH, "-p", "inputOutputLen=30:10");
        } finally {
            System.setProperty("java.class.path", classPath);
        }

        assertEquals(1, result.status(), result.out() + result.err());
        assertTrue(result.out().contains("[FAILED] fixture.FakeDecoderBenchmark.generate [sample] batchSize=3,"), result.out());
        assertFalse(result.out().contains("\tat "), "stack trace printed:\n" + result.out());
        assertTrue(result.err().contains("ERROR: 1 of 1 combinations failed"), result.err());
    }

    @Test
    void unsupportedFlagIsAUserError() {
        CommandOutput result = CommandOutput.run(countingPreflight, "-m", "gpt_350m", "--num_beams", "4");

        assertEquals(2, result.status());
        assertEquals("ERROR: flag --num_beams is not supported yet", result.err().strip());
        assertEquals(0, preflights.get());
    }
}
