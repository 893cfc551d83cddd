package dev.llmbench.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmbench.bench.CommandOutput;
import dev.llmbench.bench.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportCommandTest {

    private static final Runnable NO_GPU_NEEDED = () -> {
        throw new AssertionError("report must not need a GPU");
    };

    @Test
    void printsOneBenchmarkLinePerCombination() {
        CommandOutput result = CommandOutput.run(NO_GPU_NEEDED, "report", TestFiles.jmh("decoder-run.json").toString());

        assertEquals(0, result.status(), result.err());
        List<String> lines = result.outLines();
        assertEquals(2, lines.size(), result.out());
        assertTrue(lines.get(0).startsWith("[BENCHMARK] model_name gpt_350m world_size 1 num_heads 16 num_kv_heads 16 "
                + "num_layers 24 hidden_size 1024 vocab_size 51200 precision float16 batch_size 1 "
                + "gpu_weights_percent 1.0 input_length 60 output_length 20 gpu_peak_mem(gb) 1.235 "
                + "build_time(s) 3.46 tokens_per_sec 131.23 percentile95(ms) 154.200 percentile99(ms) 156.900 "
                + "latency(ms) 152.400 compute_cap sm90 quantization none generation_time(ms) 144.000 "
                + "total_generated_tokens 19 generation_tokens_per_second 131.944 ttft(ms) 8.100 "
                + "tpot(ms) 7.579 mode plugin"), lines.get(0));
        assertTrue(lines.get(1).contains(" batch_size 8 "), lines.get(1));
    }

    @Test
    void csvHasAHeaderThenTheSameFields() {
        CommandOutput result = CommandOutput.run(NO_GPU_NEEDED, "report", TestFiles.jmh("decoder-run.json").toString(), "--csv");

        assertEquals(0, result.status(), result.err());
        List<String> lines = result.outLines();
        assertEquals(3, lines.size(), result.out());
        assertEquals(String.join(",", DecoderReportTest.FIELD_ORDER), lines.get(0));
        assertTrue(lines.get(1).startsWith("gpt_350m,1,16,16,24,1024,51200,float16,1,1.0,60,20,1.235,3.46,131.23,"),
                lines.get(1));
        assertTrue(lines.get(1).endsWith(",8.100,7.579,plugin"), lines.get(1));
        assertEquals(DecoderReportTest.FIELD_ORDER.size(), lines.get(2).split(",").length);
    }

    /**
     * gpt_350m float16 batch 1, 60+20 tokens, on a GPU of 4262 GB/s and 771 TFLOP/s: a floor of 3.24 ms (FloorTest),
     * by hand 0.047 ms of context products (36.5 GFLOP) and 19 steps of 0.168 ms (709 MB of weights and the KV cache
     * of 61..79 positions); the row's tpot of 7.579 ms is 45.13 steps' floors.
     */
    @Test
    void ceilingsAddTheFloorAndTheMultipleOfIt() {
        CommandOutput result = CommandOutput.run(NO_GPU_NEEDED, "report", TestFiles.jmh("decoder-run.json").toString(),
                "--ceilings", "4262,771");

        assertEquals(0, result.status(), result.err());
        String line = result.outLines().get(0);
        assertTrue(line.contains(" latency(ms) 152.400 "), line);
        assertTrue(line.endsWith(" mode plugin floor(ms) 3.238 floor_multiple 47.07 ttft_floor(ms) 0.047 tpot_floor(ms) 0.168"
                + " tpot_floor_multiple 45.13"), line);
    }

    /**
     * A run's results carry the ceilings its first trial measured (ceiling_copy_gbps, ceiling_gemm_tflops): the report
     * adds the same floor columns from them without --ceilings, and --ceilings, given, wins over them.
     */
    @Test
    void theRunsOwnCeilingsAddTheFloorAndGivenOnesWin(@TempDir Path dir) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode results = (ArrayNode) mapper.readTree(TestFiles.jmh("decoder-run.json").toFile());
        for (JsonNode result : results) {
            ObjectNode secondary = (ObjectNode) result.get("secondaryMetrics");
            secondary.set("ceiling_copy_gbps", metric(mapper, 4262, "GB/s"));
            secondary.set("ceiling_gemm_tflops", metric(mapper, 771, "TFLOP/s"));
        }
        Path measured = dir.resolve("measured.json");
        mapper.writeValue(measured.toFile(), results);

        CommandOutput own = CommandOutput.run(NO_GPU_NEEDED, "report", measured.toString());
        assertEquals(0, own.status(), own.err());
        assertTrue(own.outLines().get(0).endsWith(" mode plugin floor(ms) 3.238 floor_multiple 47.07 ttft_floor(ms) 0.047"
                + " tpot_floor(ms) 0.168 tpot_floor_multiple 45.13"), own.out());

        CommandOutput given = CommandOutput.run(NO_GPU_NEEDED, "report", measured.toString(), "--ceilings", "2131,771");
        assertEquals(0, given.status(), given.err());
        double floor = Double.parseDouble(given.outLines().get(0).replaceAll(".* floor\\(ms\\) ([0-9.]+) .*", "$1"));
        assertTrue(floor > 3.238 * 1.8, "half the copy rate nearly doubles the floor: " + given.out());
    }

    /** A secondary metric as JMH writes it: one sample of {@code score}. */
    private static ObjectNode metric(ObjectMapper mapper, double score, String unit) {
        ObjectNode m = mapper.createObjectNode();
        m.put("score", score);
        m.put("scoreError", "NaN");
        m.putArray("scoreConfidence").add(score).add(score);
        m.putObject("scorePercentiles");
        m.put("scoreUnit", unit);
        m.putArray("rawData").addArray().add(score);
        return m;
    }

    /** The same run under int8 weight-only reads half the block weights a step: a lower floor, named in the row. */
    @Test
    void theFloorCountsTheRunsQuantization(@TempDir Path dir) throws IOException {
        String json = Files.readString(TestFiles.jmh("decoder-run.json"))
                .replace("\"params\" : {", "\"params\" : {\n            \"quantization\" : \"int8_weight_only\",");
        Path quantized = Files.writeString(dir.resolve("int8.json"), json);
        CommandOutput result = CommandOutput.run(NO_GPU_NEEDED, "report", quantized.toString(), "--ceilings", "4262,771");

        assertEquals(0, result.status(), result.err());
        String line = result.outLines().get(0);
        assertTrue(line.contains(" quantization int8_weight_only "), line);
        double floor = Double.parseDouble(line.replaceAll(".* floor\\(ms\\) ([0-9.]+) .*", "$1"));
        assertTrue(floor > 1.5 && floor < 3.238 * 0.75, "int8 floor " + floor + " against float16's 3.238: " + line);
    }

    @Test
    void badCeilingsAreOneLine() {
        CommandOutput result = CommandOutput.run(NO_GPU_NEEDED, "report", TestFiles.jmh("decoder-run.json").toString(),
                "--ceilings", "4262");
        assertEquals(2, result.status());
        assertEquals("ERROR: --ceilings takes COPY_GBPS,GEMM_TFLOPS, two positive numbers such as 4140,745, not '4262'",
                result.err().strip());
    }

    @Test
    void userErrorsAreOneLineAndExitTwo() {
        CommandOutput missing = CommandOutput.run(NO_GPU_NEEDED, "report", "nowhere.json");
        assertEquals(2, missing.status());
        assertEquals("ERROR: no such file: nowhere.json", missing.err().strip());

        CommandOutput noFile = CommandOutput.run(NO_GPU_NEEDED, "report");
        assertEquals(2, noFile.status());
        assertEquals("ERROR: usage: report FILE.json [--csv] [--ceilings COPY_GBPS,GEMM_TFLOPS] [--plot OUT.png|OUT.svg]", noFile.err().strip());
    }

    @Test
    void aFileWithoutDecoderResultsIsAnError(@TempDir Path dir) throws IOException {
        Path kernelOnly = Files.writeString(dir.resolve("kernel.json"), """
                [ { "benchmark" : "dev.llmbench.bench.KernelBenchmark.matmul", "mode" : "thrpt",
                    "primaryMetric" : { "score" : 2150.0, "scoreError" : 12.0, "scoreUnit" : "ops/s" },
                    "secondaryMetrics" : { } } ]
                """);

        CommandOutput result = CommandOutput.run(NO_GPU_NEEDED, "report", kernelOnly.toString());

        assertEquals(2, result.status());
        assertTrue(result.err().startsWith("ERROR: ") && result.err().contains("holds no DecoderBenchmark results"),
                result.err());
        assertEquals(1, result.err().lines().count());
    }
}
