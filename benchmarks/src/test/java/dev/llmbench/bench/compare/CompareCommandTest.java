package dev.llmbench.bench.compare;

import dev.llmbench.bench.CommandOutput;
import dev.llmbench.bench.TestFiles;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareCommandTest {

    private static final Runnable NO_GPU_NEEDED = () -> {
        throw new AssertionError("compare must not need a GPU");
    };
    private static final String GENERATE_BATCH_1 = "DecoderBenchmark.generate [sample] batchSize=1,";

    private static CommandOutput compare(String head, String... extra) {
        String[] args = new String[3 + extra.length];
        args[0] = "compare";
        args[1] = TestFiles.jmh("compare-base.json").toString();
        args[2] = TestFiles.jmh(head).toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        return CommandOutput.run(NO_GPU_NEEDED, args);
    }

    /** The metric's row in the block under the benchmark's heading line. */
    private static String line(CommandOutput output, String benchmark, String metric) {
        List<String> lines = output.outLines();
        int heading = lines.stream().filter(l -> l.startsWith(benchmark)).findFirst().map(lines::indexOf)
                .orElseThrow(() -> new AssertionError("no " + benchmark + " in\n" + output.out()));
        return lines.subList(heading + 1, lines.size()).stream()
                .takeWhile(l -> l.startsWith("  "))
                .filter(l -> l.startsWith("  " + metric + " "))
                .findFirst().orElseThrow(() -> new AssertionError("no " + metric + " under " + benchmark + " in\n" + output.out()));
    }

    @Test
    void improvementExitsZero() {
        CommandOutput result = compare("compare-head-improved.json");

        assertEquals(0, result.status(), result.out());
        String latency = line(result, GENERATE_BATCH_1, "score");
        // 152.4 -> 137.0 ms/op
        assertTrue(latency.matches(".*-10\\.10%\\s+yes\\s+better"), latency);
        String kernel = line(result, "KernelBenchmark.matmul [thrpt]", "score");
        // Throughput went up: better.
        assertTrue(kernel.matches(".*\\+11\\.63%\\s+yes\\s+better"), kernel);
        assertTrue(line(result, GENERATE_BATCH_1, "ttft_ms").endsWith("better"));
    }

    @Test
    void benchmarksInOneFileOnlyAreListed() {
        List<String> lines = compare("compare-head-improved.json").outLines();

        assertTrue(lines.stream().anyMatch(l -> l.startsWith("only in base: DecoderBenchmark.generate [sample] batchSize=64,")),
                String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("only in head: DecoderBenchmark.generate [sample] batchSize=128,")),
                String.join("\n", lines));
    }

    @Test
    void regressionBeyondThresholdAndErrorExitsOne() {
        CommandOutput result = compare("compare-head-regressed.json");

        assertEquals(1, result.status(), result.out());
        String latency = line(result, GENERATE_BATCH_1, "score");
        // 152.4 -> 168.0 ms/op, errors 0.8 + 0.9
        assertTrue(latency.matches(".*\\+10\\.24%\\s+yes\\s+REGRESSION"), latency);
        assertTrue(result.out().contains("regression(s) beyond 5.0%"), result.out());
    }

    @Test
    void aRegressionUnderAHigherThresholdExitsZero() {
        CommandOutput result = compare("compare-head-regressed.json", "--threshold", "15");

        assertEquals(0, result.status(), result.out());
        assertTrue(line(result, GENERATE_BATCH_1, "score").endsWith("worse, under threshold"));
    }

    @Test
    void changeWithinTheErrorsExitsZero() {
        CommandOutput result = compare("compare-head-noise.json");

        assertEquals(0, result.status(), result.out());
        String latency = line(result, GENERATE_BATCH_1, "score");
        // 152.4 -> 164.6 (+8%) but 12.2 <= 0.8 + 12.0
        assertTrue(latency.matches(".*\\+8\\.01%\\s+no\\s+within error"), latency);
        assertFalse(result.out().contains("REGRESSION"));
    }

    @Test
    void metricsWithoutDirectionAreLeftOut() {
        CommandOutput result = compare("compare-head-noise.json");

        assertFalse(result.out().contains("compute_cap"), result.out());
        assertFalse(result.out().contains("nvml_sm_clock_mhz"), result.out());
        assertTrue(result.out().contains("nvml_energy_per_token_j"), result.out());
    }

    @Test
    void badArgumentsAreUserErrors() {
        CommandOutput oneFile = CommandOutput.run(NO_GPU_NEEDED, "compare", TestFiles.jmh("compare-base.json").toString());
        assertEquals(2, oneFile.status());
        assertEquals("ERROR: usage: compare BASE.json HEAD.json [--threshold PCT]", oneFile.err().strip());

        CommandOutput badThreshold = compare("compare-head-noise.json", "--threshold", "five");
        assertEquals(2, badThreshold.status());
        assertEquals("ERROR: --threshold takes a percentage >= 0, not 'five'", badThreshold.err().strip());
    }
}
