package dev.llmbench.bench.report;

import dev.llmbench.bench.TestFiles;
import dev.llmbench.bench.results.JmhJsonReader;
import dev.llmbench.bench.results.JmhResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EncoderReportTest {

    /** TensorRT-LLM's fields as its BERT benchmark fills them, then ours. */
    static final List<String> FIELD_ORDER = List.of(
            "model_name", "world_size", "num_heads", "num_kv_heads", "num_layers", "hidden_size", "vocab_size",
            "precision", "batch_size", "gpu_weights_percent", "input_length", "output_length",
            "gpu_peak_mem(gb)", "build_time(s)", "tokens_per_sec", "percentile95(ms)", "percentile99(ms)",
            "latency(ms)", "compute_cap", "quantization", "sequences_per_sec", "mode");

    private final List<JmhResult> results = JmhJsonReader.read(TestFiles.jmh("encoder-run.json"));

    @Test
    void oneRowPerCombinationWithTheBertFields() {
        List<ReportRow> rows = EncoderReport.rows(results);
        assertEquals(2, rows.size());
        for (ReportRow row : rows) assertEquals(FIELD_ORDER, row.keys());
        ReportRow b64 = rows.get(1);
        assertEquals("bert_base", b64.value("model_name"));
        assertEquals("12", b64.value("num_heads"));
        assertEquals("12", b64.value("num_kv_heads"));
        assertEquals("12", b64.value("num_layers"));
        assertEquals("768", b64.value("hidden_size"));
        assertEquals("30522", b64.value("vocab_size"));
        assertEquals("64", b64.value("batch_size"));
        assertEquals("512", b64.value("input_length"));
        assertEquals("n/a", b64.value("output_length"));
        assertEquals("n/a", b64.value("tokens_per_sec"));
        assertEquals("3.250", b64.value("gpu_peak_mem(gb)"));
        assertEquals("1.50", b64.value("build_time(s)"));
        assertEquals("40.800", b64.value("percentile95(ms)"));
        assertEquals("41.500", b64.value("percentile99(ms)"));
        assertEquals("40.000", b64.value("latency(ms)"));
        assertEquals("sm90", b64.value("compute_cap"));
        assertEquals("none", b64.value("quantization"));
        assertEquals("1600.00", b64.value("sequences_per_sec")); // 64 sequences in 40 ms
        assertEquals("plugin", b64.value("mode"));
    }

    @Test
    void aRunOfBothKindsReportsTheDecodersThenTheEncoders() {
        List<JmhResult> both = new ArrayList<>(results);
        both.addAll(JmhJsonReader.read(TestFiles.jmh("decoder-run.json")));
        List<ReportRow> rows = Reports.rows(both);
        assertEquals(List.of("gpt_350m", "gpt_350m", "bert_base", "bert_base"), rows.stream().map(r -> r.value("model_name")).toList());
        assertEquals(DecoderReportTest.FIELD_ORDER, rows.get(0).keys());
        assertEquals(FIELD_ORDER, rows.get(2).keys());
    }

    @Test
    void theFloorOfAnEncoderRowIsItsForwardPass() {
        ReportRow row = FloorColumns.add(EncoderReport.rows(results), FloorColumns.parse("4000,800")).get(1);
        // bert_base: 12 layers of 4·768² (attention) + 2·768·3072 (MLP) weights, 64 × 512 tokens, fp16
        double weights = 12 * (4.0 * 768 * 768 + 2.0 * 768 * 3072);
        double flops = 2.0 * 64 * 512 * weights + 4.0 * 64 * 512.0 * 512 * 768 * 12;
        double ms = (flops / 800e12 + 2 * weights / 4000e9) * 1e3;
        assertEquals(String.format(java.util.Locale.ROOT, "%.3f", ms), row.value("floor(ms)"));
        assertEquals(String.format(java.util.Locale.ROOT, "%.2f", 40.0 / ms), row.value("floor_multiple"));
        assertEquals("n/a", row.value("tpot_floor(ms)"), "a forward pass has no generation step");
    }
}
