package dev.llmbench.bench.compare;

import dev.llmbench.bench.CommandOutput;
import dev.llmbench.bench.TestFiles;
import dev.llmbench.bench.results.RunDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareCommandTest {

    private static final Runnable NO_GPU_NEEDED = () -> {
        throw new AssertionError("compare must not need a GPU");
    };
    private static final String GENERATE_BATCH_1 = "DecoderBenchmark.generate [sample] batchSize=1,";
    private static final String GENERATE_BATCH_64 = "DecoderBenchmark.generate [sample] batchSize=64,";
    private static final String USAGE = "usage: compare BASE.json HEAD.json [--threshold PCT]"
            + " [--single-sample-threshold PCT] [--by PARAM,...] [--plot OUT.png|OUT.svg]";
    private static final String PEER = "compare-peer-hf_static.json";
    private static final String PEER_MATCH = "model,precision,batchSize,inputOutputLen";

    private static CommandOutput compare(String head, String... extra) {
        return compareFiles(TestFiles.jmh("compare-base.json"), TestFiles.jmh(head), extra);
    }

    private static CommandOutput compareFiles(Path base, Path head, String... extra) {
        List<String> args = new ArrayList<>(List.of("compare", base.toString(), head.toString()));
        args.addAll(List.of(extra));
        return CommandOutput.run(NO_GPU_NEEDED, args.toArray(String[]::new));
    }

    /** The one ERROR line of a user error, after checking the exit status and that nothing else was printed. */
    private static String error(CommandOutput output) {
        assertEquals(2, output.status(), output.out() + output.err());
        assertEquals("", output.out());
        assertEquals(1, output.err().strip().lines().count(), output.err());
        return output.err().strip();
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

    /** Two runs on different GPUs: one warning line before the comparison, whose verdict stands. */
    @Test
    void runsOnDifferentMachinesAreSaidToBe(@TempDir Path dir) throws IOException {
        Path base = Files.copy(TestFiles.jmh("compare-base.json"), dir.resolve("base.json"));
        Path head = Files.copy(TestFiles.jmh("compare-head-improved.json"), dir.resolve("head.json"));
        new RunDescription(Map.of("gpu", "NVIDIA H100 80GB HBM3", "driver_cuda", "13.0"))
                .annotate(base);
        new RunDescription(Map.of("gpu", "NVIDIA H200", "driver_cuda", "13.0")).annotate(head);

        CommandOutput result = compareFiles(base, head);
        assertEquals(0, result.status(), result.out());
        assertEquals("[WARNING] the two runs ran on different machines (gpu NVIDIA H100 80GB HBM3 against NVIDIA H200): a change"
                + " below may be the machine's, not the code's", result.outLines().get(0));
        assertTrue(compare("compare-head-improved.json").outLines().stream().noneMatch(l -> l.startsWith("[WARNING]")),
                "files without descriptions: no warning");
    }

    @Test
    void improvementExitsZero() {
        CommandOutput result = compare("compare-head-improved.json");

        assertEquals(0, result.status(), result.out());
        String latency = line(result, GENERATE_BATCH_1, "score");
        // 152.4 -> 137.0 ms/op
        assertTrue(latency.matches(".*-10\\.10%\\s+yes\\s+errors\\+5%\\s+better"), latency);
        String kernel = line(result, "KernelBenchmark.matmul [thrpt]", "score");
        // Throughput went up: better.
        assertTrue(kernel.matches(".*\\+11\\.63%\\s+yes\\s+errors\\+5%\\s+better"), kernel);
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
        assertTrue(latency.matches(".*\\+10\\.24%\\s+yes\\s+errors\\+5%\\s+REGRESSION"), latency);
        // generation_time_ms too: 144.0 -> 159.6 ms
        assertTrue(result.out().contains("2 regression(s) beyond 5.0% and the error, or beyond 50.0% for a single sample"),
                result.out());
    }

    @Test
    void aRegressionUnderAHigherThresholdExitsZero() {
        CommandOutput result = compare("compare-head-regressed.json", "--threshold", "15");

        assertEquals(0, result.status(), result.out());
        assertTrue(line(result, GENERATE_BATCH_1, "score").matches(".*\\s+errors\\+15%\\s+worse, under threshold"),
                result.out());
    }

    @Test
    void changeWithinTheErrorsExitsZero() {
        CommandOutput result = compare("compare-head-noise.json");

        assertEquals(0, result.status(), result.out());
        String latency = line(result, GENERATE_BATCH_1, "score");
        // 152.4 -> 164.6 (+8%) but 12.2 <= 0.8 + 12.0
        assertTrue(latency.matches(".*\\+8\\.01%\\s+no\\s+errors\\+5%\\s+within error"), latency);
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
    void singleSampleNoiseIsNotARegression() {
        CommandOutput result = compare("compare-head-single-sample.json");

        // 3.456 -> 3.8 s: beyond 5%, but build_time_s has no error estimate (NaN in base, 0.0 in head).
        String buildTime = line(result, GENERATE_BATCH_1, "build_time_s");
        assertTrue(buildTime.matches("  build_time_s \\(s\\)\\s+3\\.456\\s+3\\.800\\s+\\+9\\.95%\\s+n/a\\s+"
                + "single sample, 50%\\s+within threshold"), buildTime);
        assertTrue(line(result, GENERATE_BATCH_1, "score").matches(".*\\s+errors\\+5%\\s+within error"), result.out());
    }

    @Test
    void singleSampleJumpBeyondItsThresholdIsARegression() {
        CommandOutput result = compare("compare-head-single-sample.json");

        assertEquals(1, result.status(), result.out());
        // 3.456 -> 6.0 s; head's error is JMH's 2.5e-15 of five equal values, which estimates nothing.
        String buildTime = line(result, GENERATE_BATCH_64, "build_time_s");
        assertTrue(buildTime.matches("  build_time_s \\(s\\)\\s+3\\.456\\s+6\\.000\\s+\\+73\\.61%\\s+n/a\\s+"
                + "single sample, 50%\\s+REGRESSION"), buildTime);
    }

    @Test
    void singleSampleThresholdIsAnOption() {
        CommandOutput result = compare("compare-head-single-sample.json", "--single-sample-threshold=80");

        assertEquals(0, result.status(), result.out());
        assertTrue(line(result, GENERATE_BATCH_64, "build_time_s").matches(".*\\s+single sample, 80%\\s+within threshold"),
                result.out());
        assertTrue(result.out().contains("or beyond 80.0% for a single sample"), result.out());
    }

    @Test
    void anEmptyFileIsAnError() {
        Path empty = TestFiles.jmh("compare-empty.json");

        assertEquals("ERROR: nothing compared: " + empty + " holds no result",
                error(compareFiles(TestFiles.jmh("compare-base.json"), empty)));
        assertEquals("ERROR: nothing compared: " + empty + " holds no result",
                error(compareFiles(empty, TestFiles.jmh("compare-base.json"))));
    }

    @Test
    void runsWithNoResultInCommonAreAnError() {
        Path base = TestFiles.jmh("compare-base.json");
        Path head = TestFiles.jmh("compare-other-model.json");

        assertEquals("ERROR: nothing compared: no result of " + base + " matches one of " + head
                        + " on benchmark, mode and parameters (only in base: DecoderBenchmark.generate [sample] batchSize=1,"
                        + "inputOutputLen=60:20,maxBatchSize=0,maxInputLen=0,maxSeqLen=0,mode=plugin,model=gpt_350m,"
                        + "precision=float16 and 2 more; only in head: DecoderBenchmark.generate [sample] batchSize=1,"
                        + "inputOutputLen=60:20,maxBatchSize=0,maxInputLen=0,maxSeqLen=0,mode=plugin,model=llama_7b,"
                        + "precision=float16)",
                error(compareFiles(base, head)));
    }

    @Test
    void matchingResultsWithoutADirectedMetricAreAnError() {
        Path file = TestFiles.jmh("compare-no-direction.json");

        assertEquals("ERROR: nothing compared: the 1 result(s) in both files have no metric with a direction",
                error(compareFiles(file, file)));
    }

    @Test
    void byMatchesAPeerOnMethodModeAndTheNamedParameters() {
        CommandOutput result = compareFiles(TestFiles.jmh(PEER), TestFiles.jmh("compare-base.json"), "--by", PEER_MATCH);

        assertEquals(0, result.status(), result.out());
        String batch1 = "generate [sample] model=gpt_350m,precision=float16,batchSize=1,inputOutputLen=60:20";
        String batch64 = "generate [sample] model=gpt_350m,precision=float16,batchSize=64,inputOutputLen=60:20";
        // peer.hf_static.generate 180.0 ± 1.5 -> DecoderBenchmark.generate 152.4 ± 0.8 ms/op
        assertTrue(line(result, batch1, "score").matches(".*-15\\.33%\\s+yes\\s+errors\\+5%\\s+better"), result.out());
        // 400.0 ± 3.0 -> 410.0 ± 2.0: beyond the errors, under the threshold
        assertTrue(line(result, batch64, "score").matches(".*\\+2\\.50%\\s+yes\\s+errors\\+5%\\s+worse, under threshold"),
                result.out());
        assertTrue(line(result, batch1, "build_time_s").matches(".*\\+15\\.20%\\s+n/a\\s+single sample, 50%\\s+within threshold"),
                result.out());
        assertTrue(result.outLines().contains("only in head: matmul [thrpt] precision=float16"), result.out());
        assertTrue(result.out().contains("4 metric(s) compared, 0 regression(s)"), result.out());
    }

    @Test
    void withoutByAPeerMatchesNothing() {
        String error = error(compareFiles(TestFiles.jmh(PEER), TestFiles.jmh("compare-base.json")));

        assertTrue(error.contains("only in base: peer.hf_static.generate [sample] batchSize=1,inputOutputLen=60:20,"
                + "model=gpt_350m,precision=float16 and 1 more;"), error);
    }

    @Test
    void byParametersThatLeaveTwoResultsOfAFileAlikeAreAnError() {
        Path peer = TestFiles.jmh(PEER);

        assertEquals("ERROR: " + peer + ": two results have the same method, mode and model, precision"
                        + " (generate [sample] model=gpt_350m,precision=float16)",
                error(compareFiles(peer, TestFiles.jmh("compare-base.json"), "--by", "model,precision")));
    }

    @Test
    void byParameterThatNoResultHasIsAnError() {
        Path peer = TestFiles.jmh(PEER);

        assertEquals("ERROR: --by modle: no result of " + peer + " has that parameter;"
                        + " it has batchSize, inputOutputLen, model, precision",
                error(compareFiles(peer, TestFiles.jmh("compare-base.json"), "--by", "modle,batchSize")));
    }

    @Test
    void badArgumentsAreUserErrors() {
        CommandOutput oneFile = CommandOutput.run(NO_GPU_NEEDED, "compare", TestFiles.jmh("compare-base.json").toString());
        assertEquals("ERROR: " + USAGE, error(oneFile));

        assertEquals("ERROR: --threshold takes a percentage >= 0, not 'five'",
                error(compare("compare-head-noise.json", "--threshold", "five")));
        assertEquals("ERROR: --single-sample-threshold takes a percentage >= 0, not '-1'",
                error(compare("compare-head-noise.json", "--single-sample-threshold=-1")));
        assertEquals("ERROR: --threshold needs a percentage; " + USAGE,
                error(compare("compare-head-noise.json", "--threshold")));
        assertEquals("ERROR: --by needs parameter names, e.g. --by model,batchSize; " + USAGE,
                error(compare("compare-head-noise.json", "--by", "--threshold", "5")));
        assertEquals("ERROR: --by 'model,,batchSize' has an empty parameter name",
                error(compare("compare-head-noise.json", "--by", "model,,batchSize")));
        assertEquals("ERROR: --by 'model,model' names model twice",
                error(compare("compare-head-noise.json", "--by", "model,model")));
        assertEquals("ERROR: unknown option --treshold; " + USAGE,
                error(compare("compare-head-noise.json", "--treshold", "5")));
    }
}
