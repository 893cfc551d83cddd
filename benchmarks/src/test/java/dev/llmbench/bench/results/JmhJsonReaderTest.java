package dev.llmbench.bench.results;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.TestFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JmhJsonReaderTest {

    @Test
    void readsBenchmarkModeParamsAndMetrics() {
        List<JmhResult> results = JmhJsonReader.read(TestFiles.jmh("decoder-run.json"));

        assertEquals(4, results.size());
        JmhResult generate = results.get(1);
        assertEquals("dev.llmbench.bench.DecoderBenchmark.generate", generate.benchmark());
        assertEquals("generate", generate.method());
        assertEquals("dev.llmbench.bench.DecoderBenchmark", generate.benchmarkClass());
        assertEquals("sample", generate.mode());
        assertEquals("60:20", generate.params().get("inputOutputLen"));
        assertEquals("1", generate.params().get("batchSize"));
        assertEquals(152.4, generate.primary().score());
        assertEquals(0.8, generate.primary().scoreError());
        assertEquals(154.2, generate.primary().percentile(95.0).getAsDouble());
        assertEquals("ms/op", generate.primary().unit());
        assertEquals(8.1, generate.secondary("ttft_ms").orElseThrow().score());
    }

    @Test
    void readsJmhNaNStringAsNaN() {
        JmhMetric buildTime = JmhJsonReader.read(TestFiles.jmh("decoder-run.json")).get(1)
                .secondary("build_time_s").orElseThrow();

        assertEquals(3.456, buildTime.score());
        assertTrue(Double.isNaN(buildTime.scoreError()));
    }

    @Test
    void dropsTheOldSecondaryLabelPrefix() {
        JmhResult old = JmhJsonReader.read(TestFiles.jmh("decoder-run-old-labels.json")).get(0);

        assertEquals(8.1, old.secondary("ttft_ms").orElseThrow().score());
        assertTrue(old.secondary().keySet().stream().noneMatch(label -> label.startsWith("\u00b7")));
    }

    @Test
    void rejectsJsonThatIsNotAJmhResultArray() {
        LlmbenchException notArray = assertThrows(LlmbenchException.class, () -> JmhJsonReader.parse("{\"a\": 1}"));
        assertTrue(notArray.getMessage().contains("not a JMH JSON result file"), notArray.getMessage());

        LlmbenchException noBenchmark = assertThrows(LlmbenchException.class, () -> JmhJsonReader.parse("[{\"mode\": \"avgt\"}]"));
        assertTrue(noBenchmark.getMessage().contains("\"benchmark\""), noBenchmark.getMessage());

        assertThrows(LlmbenchException.class, () -> JmhJsonReader.parse("[{"));
    }

    @Test
    void namesAMissingFile() {
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> JmhJsonReader.read(Path.of("no/such.json")));

        assertEquals("no such file: no/such.json", e.getMessage());
    }
}
