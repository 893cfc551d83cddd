package dev.llmbench.bench.report;

import dev.llmbench.bench.TestFiles;
import dev.llmbench.bench.results.JmhJsonReader;
import dev.llmbench.bench.results.JmhMetric;
import dev.llmbench.bench.results.JmhResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecoderReportTest {

    /** TensorRT-LLM v0.11's GPT fields in their order, then ours (docs/design.md, Metrics). */
    static final List<String> FIELD_ORDER = List.of(
            "model_name", "world_size", "num_heads", "num_kv_heads", "num_layers", "hidden_size", "vocab_size",
            "precision", "batch_size", "gpu_weights_percent", "input_length", "output_length",
            "gpu_peak_mem(gb)", "build_time(s)", "tokens_per_sec", "percentile95(ms)", "percentile99(ms)",
            "latency(ms)", "compute_cap", "quantization", "generation_time(ms)", "total_generated_tokens",
            "generation_tokens_per_second", "ttft(ms)", "tpot(ms)", "mode");

    private final List<ReportRow> rows = DecoderReport.rows(JmhJsonReader.read(TestFiles.jmh("decoder-run.json")));

    @Test
    void oneRowPerParameterCombinationWithTheFieldsInOrder() {
        assertEquals(2, rows.size());
        for (ReportRow row : rows) {
            assertEquals(FIELD_ORDER, row.keys());
        }
    }

    @Test
    void rowFromGenerateAndItsSecondaryMetrics() {
        ReportRow batch1 = rows.get(0);

        assertEquals("gpt_350m", batch1.value("model_name"));
        assertEquals("1", batch1.value("world_size"));
        assertEquals("16", batch1.value("num_heads"));
        assertEquals("16", batch1.value("num_kv_heads"));
        assertEquals("24", batch1.value("num_layers"));
        assertEquals("1024", batch1.value("hidden_size"));
        assertEquals("51200", batch1.value("vocab_size"));
        assertEquals("float16", batch1.value("precision"));
        assertEquals("1", batch1.value("batch_size"));
        assertEquals("1.0", batch1.value("gpu_weights_percent"));
        assertEquals("60", batch1.value("input_length"));
        assertEquals("20", batch1.value("output_length"));
        assertEquals("1.235", batch1.value("gpu_peak_mem(gb)"));
        assertEquals("3.46", batch1.value("build_time(s)"));
        // 1 × 20 tokens in 152.4 ms
        assertEquals("131.23", batch1.value("tokens_per_sec"));
        assertEquals("154.200", batch1.value("percentile95(ms)"));
        assertEquals("156.900", batch1.value("percentile99(ms)"));
        assertEquals("152.400", batch1.value("latency(ms)"));
        assertEquals("sm90", batch1.value("compute_cap"));
        assertEquals("none", batch1.value("quantization"));
        assertEquals("144.000", batch1.value("generation_time(ms)"));
        assertEquals("19", batch1.value("total_generated_tokens"));
        // 19 tokens in 144 ms
        assertEquals("131.944", batch1.value("generation_tokens_per_second"));
        assertEquals("8.100", batch1.value("ttft(ms)"));
        // 144 ms / 19 steps
        assertEquals("7.579", batch1.value("tpot(ms)"));
        assertEquals("plugin", batch1.value("mode"));
    }

    @Test
    void contextPhaseAndGenerationStepStandInForMissingSecondaries() {
        ReportRow batch8 = rows.get(1);

        assertEquals("8", batch8.value("batch_size"));
        assertEquals("180.000", batch8.value("latency(ms)"));
        assertEquals("888.89", batch8.value("tokens_per_sec"));
        assertEquals("190.250", batch8.value("percentile99(ms)"));
        // contextPhase: 12.5 ms/op
        assertEquals("12.500", batch8.value("ttft(ms)"));
        // generationStep: 8750 us/op × 19 steps
        assertEquals("166.250", batch8.value("generation_time(ms)"));
        assertEquals("152", batch8.value("total_generated_tokens"));
        assertEquals("914.286", batch8.value("generation_tokens_per_second"));
        assertEquals("8.750", batch8.value("tpot(ms)"));
    }

    @Test
    void oldPrefixedLabelsGiveTheSameRow() {
        List<ReportRow> old = DecoderReport.rows(JmhJsonReader.read(TestFiles.jmh("decoder-run-old-labels.json")));

        assertEquals(List.of(rows.get(0)), old);
    }

    @Test
    void smoothQuantModelsCarryTheirQuantization() {
        ReportRow row = DecoderReport.rows(List.of(generate("gpt_350m_sq_per_tensor", "sample"))).get(0);

        assertEquals("int8_sq_per_tensor", row.value("quantization"));
        assertEquals("16", row.value("num_heads"));
    }

    @Test
    void unknownModelAndMissingMetricsPrintNotAvailable() {
        ReportRow row = DecoderReport.rows(List.of(generate("checkpoint:/models/tiny", "avgt"))).get(0);

        assertEquals("checkpoint:/models/tiny", row.value("model_name"));
        assertEquals("n/a", row.value("num_heads"));
        assertEquals("n/a", row.value("vocab_size"));
        assertEquals("none", row.value("quantization"));
        assertEquals("100.000", row.value("latency(ms)"));
        // Average time has no per-call percentiles.
        assertEquals("n/a", row.value("percentile95(ms)"));
        assertEquals("n/a", row.value("ttft(ms)"));
        assertEquals("n/a", row.value("generation_time(ms)"));
        assertEquals("n/a", row.value("tpot(ms)"));
        assertEquals("n/a", row.value("compute_cap"));
        assertEquals("n/a", row.value("gpu_peak_mem(gb)"));
    }

    @Test
    void ignoresOtherBenchmarkMethods() {
        JmhResult kernel = new JmhResult("dev.llmbench.bench.KernelBenchmark.matmul", "thrpt", new TreeMap<>(),
                new JmhMetric(2150, 12, Map.of(), "ops/s"), Map.of());

        assertTrue(DecoderReport.rows(List.of(kernel)).isEmpty());
    }

    private static JmhResult generate(String model, String mode) {
        TreeMap<String, String> params = new TreeMap<>(Map.of(
                "model", model, "mode", "plugin", "precision", "float16", "batchSize", "2", "inputOutputLen", "128:20"));
        return new JmhResult("dev.llmbench.bench.DecoderBenchmark.generate", mode, params,
                new JmhMetric(100.0, 1.0, Map.of(95.0, 101.0, 99.0, 102.0), "ms/op"), Map.of());
    }
}
