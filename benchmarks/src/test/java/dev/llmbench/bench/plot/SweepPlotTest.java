package dev.llmbench.bench.plot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.Checkout;
import dev.llmbench.bench.results.JmhJsonReader;
import dev.llmbench.bench.results.JmhResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** report --plot's picture, drawn headless from the committed results. */
class SweepPlotTest {

    private static final Path TRT_GPT = Path.of("jmh-results/h100/2026-11-27-2b78de5-trt-gpt_350m.json");
    private static final Set<String> PANELS = Set.of("latency", "ttft", "tpot", "tokens_per_sec");
    private static final Set<String> GPT_SERIES = Set.of("gpt_350m float16 plugin 60:20", "gpt_350m float16 plugin 128:20");

    @TempDir
    Path dir;

    @BeforeAll
    static void drawingIsPossible() {
        Pictures.assumeCanDraw();
    }

    private static List<JmhResult> committed() {
        return JmhJsonReader.read(Checkout.file(TRT_GPT.toString()));
    }

    private Document svgOf(List<JmhResult> results) throws Exception {
        Path svg = dir.resolve("sweep.svg");
        SweepPlot.write(Pictures.plotFile(svg), results, "sweep");
        return Pictures.svg(svg);
    }

    @Test
    void pngHasThePictureSizeAndIsNotBlank() throws Exception {
        Path png = dir.resolve("sweep.png");

        SweepPlot.write(Pictures.plotFile(png), committed(), "sweep");

        BufferedImage image = Pictures.png(png);
        assertEquals(SweepPlot.WIDTH, image.getWidth());
        assertEquals(SweepPlot.HEIGHT, image.getHeight());
        assertTrue(Files.size(png) > 20_000, "a blank picture compresses to a few KiB: " + Files.size(png));
    }

    @Test
    void everyPanelHasOneSeriesPerModelPrecisionModeAndLengths() throws Exception {
        Map<String, Set<String>> series = Pictures.byPanel(svgOf(committed()), SvgGroups.SERIES, SvgGroups.SERIES_KEY);

        assertEquals(PANELS, series.keySet());
        series.forEach((panel, keys) -> assertEquals(GPT_SERIES, keys, panel));
    }

    @Test
    void noFloorLineWhenTheResultsCarryNoFloor() throws Exception {
        assertEquals(Map.of(), Pictures.byPanel(svgOf(committed()), SvgGroups.FLOOR, SvgGroups.SERIES_KEY));
    }

    @Test
    void floorMetricsDrawAFloorInTheirPanels() throws Exception {
        Path withFloors = dir.resolve("with-floors.json");
        ObjectMapper json = new ObjectMapper();
        ArrayNode results = (ArrayNode) json.readTree(Checkout.file(TRT_GPT.toString()).toFile());
        // Synthetic floors, half the latency and ttft: only their presence matters here.
        for (var node : results) {
            ObjectNode secondary = (ObjectNode) node.get("secondaryMetrics");
            secondary.set(SweepData.FLOOR_MS, metric(json, node.get("primaryMetric").get("score").asDouble() / 2));
            secondary.set(SweepData.TTFT_FLOOR_MS, metric(json, secondary.get("ttft_ms").get("score").asDouble() / 2));
        }
        json.writeValue(withFloors.toFile(), results);

        Map<String, Set<String>> floors = Pictures.byPanel(svgOf(JmhJsonReader.read(withFloors)), SvgGroups.FLOOR,
                SvgGroups.SERIES_KEY);

        // floor_ms gives latency its floor and tokens/s its ceiling; nothing gives tpot one.
        assertEquals(Set.of("latency", "ttft", "tokens_per_sec"), floors.keySet());
        floors.forEach((panel, keys) -> assertEquals(GPT_SERIES, keys, panel));
    }

    private static ObjectNode metric(ObjectMapper json, double millis) {
        ObjectNode metric = json.createObjectNode();
        metric.put("score", millis);
        metric.put("scoreError", "NaN");
        metric.put("scoreUnit", "ms");
        return metric;
    }

    @Test
    void resultsWithoutABatchSizeAreNothingToPlot() {
        List<JmhResult> kernelOnly = JmhJsonReader.parse("""
                [ { "benchmark" : "dev.llmbench.bench.KernelBenchmark.matmul", "mode" : "thrpt",
                    "primaryMetric" : { "score" : 2150.0, "scoreError" : 12.0, "scoreUnit" : "ops/s" } } ]
                """);

        LlmbenchException error = assertThrows(LlmbenchException.class,
                () -> SweepPlot.write(Pictures.plotFile(dir.resolve("none.png")), kernelOnly, "kernel.json"));

        assertEquals("kernel.json: no DecoderBenchmark result with a batchSize to plot", error.getMessage());
    }
}
