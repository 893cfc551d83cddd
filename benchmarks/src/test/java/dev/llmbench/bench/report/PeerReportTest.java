package dev.llmbench.bench.report;

import dev.llmbench.bench.CommandOutput;
import dev.llmbench.bench.TestFiles;
import dev.llmbench.bench.results.JmhJsonReader;
import dev.llmbench.bench.results.JmhMetric;
import dev.llmbench.bench.results.JmhResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PyTorch peers' JSON (tools/peers) through our reader and {@code report}. The fixture
 * {@code peer-fixture.json} is written by the peers' own writer from fixed example numbers:
 * {@code python3 tools/peers/peerlib.py --write-fixture benchmarks/src/test/resources/jmh/peer-fixture.json}.
 */
class PeerReportTest {

    private static final Runnable NO_GPU_NEEDED = () -> {
        throw new AssertionError("report must not need a GPU");
    };

    /** What the peers' writer printed for the fixture's two results (the same command, on stdout). */
    private static final List<String> PEER_LINES = List.of(
            "[BENCHMARK] model_name gpt_350m world_size 1 num_heads 16 num_kv_heads 16 num_layers 24 hidden_size 1024 "
                    + "vocab_size 51200 precision float16 batch_size 8 gpu_weights_percent 1.0 input_length 60 "
                    + "output_length 20 gpu_peak_mem(gb) n/a build_time(s) n/a tokens_per_sec 7428.49 "
                    + "percentile95(ms) 24.000 percentile99(ms) 24.000 latency(ms) 21.539 compute_cap sm90 "
                    + "quantization none generation_time(ms) 18.825 total_generated_tokens 152 "
                    + "generation_tokens_per_second 8074.369 ttft(ms) 2.589 tpot(ms) 0.991 mode n/a peer torch_fast",
            "[BENCHMARK] model_name llama_7b world_size 1 num_heads 32 num_kv_heads 32 num_layers 32 hidden_size 4096 "
                    + "vocab_size 32000 precision float16 batch_size 1 gpu_weights_percent 1.0 input_length 60 "
                    + "output_length 20 gpu_peak_mem(gb) n/a build_time(s) n/a tokens_per_sec 96.99 "
                    + "percentile95(ms) 210.500 percentile99(ms) 210.500 latency(ms) 206.200 compute_cap sm90 "
                    + "quantization none generation_time(ms) n/a total_generated_tokens 19 "
                    + "generation_tokens_per_second n/a ttft(ms) n/a tpot(ms) n/a mode n/a peer hf_static");

    private final List<JmhResult> results = JmhJsonReader.read(TestFiles.jmh("peer-fixture.json"));

    @Test
    void readerTakesThePeersResults() {
        assertEquals(2, results.size());
        JmhResult fast = results.get(0);

        assertEquals("peer.torch_fast.generate", fast.benchmark());
        assertEquals("generate", fast.method());
        // The mode of our DecoderBenchmark.generate (SampleTime), so that compare pairs the two.
        assertEquals("sample", fast.mode());
        assertEquals(Map.of("model", "gpt_350m", "precision", "float16", "batchSize", "8", "inputOutputLen", "60:20"),
                fast.params());
        assertEquals(21.5387, fast.primary().score(), 1e-12);
        assertEquals("ms/op", fast.primary().unit());
        assertEquals(24.0, fast.primary().percentile(95.0).orElseThrow(), 1e-12);
        assertEquals(21.1875, fast.primary().percentile(50.0).orElseThrow(), 1e-12);
        assertTrue(fast.primary().scoreError() > 0, "ten calls give an error");
        assertEquals(Set.of("ttft_ms", "generation_time_ms", "compute_cap"), fast.secondary().keySet());
        assertEquals(2.5887, fast.secondary("ttft_ms").orElseThrow().score(), 1e-12);
        assertEquals("ms", fast.secondary("ttft_ms").orElseThrow().unit());
        assertEquals(18.825, fast.secondary("generation_time_ms").orElseThrow().score(), 1e-12);
        assertEquals("ms", fast.secondary("generation_time_ms").orElseThrow().unit());
        assertEquals("sm", fast.secondary("compute_cap").orElseThrow().unit());

        JmhResult hf = results.get(1);
        assertEquals("peer.hf_static.generate", hf.benchmark());
        assertEquals(Map.of("model", "llama_7b", "precision", "float16", "batchSize", "1", "inputOutputLen", "60:20"),
                hf.params());
        assertEquals(206.2, hf.primary().score(), 1e-12);
        // Not measured by the Hugging Face peer, so not in its JSON.
        assertEquals(Set.of("compute_cap"), hf.secondary().keySet());
    }

    @Test
    void reportPrintsWhatThePeerPrinted() {
        CommandOutput result = CommandOutput.run(NO_GPU_NEEDED, "report", TestFiles.jmh("peer-fixture.json").toString());

        assertEquals(0, result.status(), result.err());
        assertEquals(PEER_LINES, result.outLines());
    }

    @Test
    void rowsNameThePeerAndClaimNothingItDidNotMeasure() {
        List<ReportRow> rows = DecoderReport.rows(results);
        assertEquals(2, rows.size());
        List<String> peerOrder = new ArrayList<>(DecoderReportTest.FIELD_ORDER);
        peerOrder.add("peer");

        for (ReportRow row : rows) {
            assertEquals(peerOrder, row.keys());
            // No TensorRT-LLM build mode, no build, no peak memory: the peers measure none of them.
            assertEquals("n/a", row.value("mode"));
            assertEquals("n/a", row.value("build_time(s)"));
            assertEquals("n/a", row.value("gpu_peak_mem(gb)"));
            assertEquals("sm90", row.value("compute_cap"));
        }
        assertEquals("torch_fast", rows.get(0).value("peer"));
        assertEquals("0.991", rows.get(0).value("tpot(ms)"));
        assertEquals("hf_static", rows.get(1).value("peer"));
        assertEquals("n/a", rows.get(1).value("ttft(ms)"));
        assertEquals("n/a", rows.get(1).value("generation_time(ms)"));
    }

    @Test
    void ourRowsHaveNoPeerField() {
        JmhResult ours = new JmhResult("dev.llmbench.bench.DecoderBenchmark.generate", "sample",
                new java.util.TreeMap<>(Map.of("model", "gpt_350m", "mode", "plugin", "precision", "float16",
                        "batchSize", "8", "inputOutputLen", "60:20")),
                new JmhMetric(20.0, 0.1, Map.of(95.0, 21.0, 99.0, 22.0), "ms/op"), Map.of());

        List<ReportRow> rows = DecoderReport.rows(List.of(ours, results.get(0)));

        assertEquals(2, rows.size());
        assertEquals(DecoderReportTest.FIELD_ORDER, rows.get(0).keys());
        assertEquals("plugin", rows.get(0).value("mode"));
        assertFalse(rows.get(0).keys().contains("peer"));
        assertEquals("torch_fast", rows.get(1).value("peer"));
    }
}
