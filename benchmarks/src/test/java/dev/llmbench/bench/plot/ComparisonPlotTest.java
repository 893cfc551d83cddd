package dev.llmbench.bench.plot;

import dev.llmbench.bench.Checkout;
import dev.llmbench.bench.TestFiles;
import dev.llmbench.bench.compare.Comparison;
import dev.llmbench.bench.compare.MetricChange;
import dev.llmbench.bench.compare.ResultKey;
import dev.llmbench.bench.compare.Thresholds;
import dev.llmbench.bench.results.JmhJsonReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** compare --plot's picture: a bar per compared metric, coloured and tagged with compare's verdict. */
class ComparisonPlotTest {

    private static final Thresholds DEFAULTS = new Thresholds(5, 50);

    @TempDir
    Path dir;

    @BeforeAll
    static void drawingIsPossible() {
        Pictures.assumeCanDraw();
    }

    private static Comparison compare(Path base, Path head) {
        ResultKey key = new ResultKey.AllParams();
        return Comparison.of(key.index(JmhJsonReader.read(base), base), key.index(JmhJsonReader.read(head), head));
    }

    private static Comparison committed() {
        return compare(Checkout.file("jmh-results/h100/2026-11-27-a490751-trt-gpt_350m.json"),
                Checkout.file("jmh-results/h100/2026-11-27-2b78de5-trt-gpt_350m.json"));
    }

    private Document svgOf(Comparison comparison) throws Exception {
        Path svg = dir.resolve("compare.svg");
        ComparisonPlot.write(Pictures.plotFile(svg), comparison, DEFAULTS, "compare");
        return Pictures.svg(svg);
    }

    @Test
    void oneBarPerComparedMetric() throws Exception {
        Comparison comparison = committed();

        Map<String, Set<String>> bars = Pictures.byPanel(svgOf(comparison), SvgGroups.CHANGE, SvgGroups.LABEL);

        // 6 results × score, build_time_s, generation_time_ms, gpu_peak_mem_gb, ttft_ms
        assertEquals(30, comparison.changes().size());
        assertEquals(30, bars.get("").size(), bars.toString());
        assertTrue(bars.get("").contains("generate batchSize=64,inputOutputLen=128:20 · ttft_ms"), bars.toString());
    }

    @Test
    void barsCarryTheVerdictCompareGives() throws Exception {
        Comparison regressed = compare(TestFiles.jmh("compare-base.json"), TestFiles.jmh("compare-head-regressed.json"));

        Map<String, Set<String>> byVerdict = Pictures.grouped(svgOf(regressed), SvgGroups.CHANGE, SvgGroups.VERDICT,
                SvgGroups.LABEL);

        assertEquals(Set.of("generate [sample] batchSize=1 · score", "generate [sample] batchSize=1 · generation_time_ms"),
                byVerdict.get(MetricChange.Verdict.REGRESSION.name()));
        long printed = regressed.changes().stream()
                .filter(c -> c.verdict(DEFAULTS) == MetricChange.Verdict.REGRESSION).count();
        assertEquals(printed, byVerdict.get(MetricChange.Verdict.REGRESSION.name()).size());
    }

    @Test
    void theCommittedRunsHaveNoRegressionBar() throws Exception {
        Map<String, Set<String>> byVerdict = Pictures.grouped(svgOf(committed()), SvgGroups.CHANGE, SvgGroups.VERDICT,
                SvgGroups.LABEL);

        assertTrue(!byVerdict.containsKey(MetricChange.Verdict.REGRESSION.name()), byVerdict.keySet().toString());
    }

    @Test
    void pngIsAsWideAsSetAndGrowsWithTheBars() throws Exception {
        Path many = dir.resolve("many.png");
        Path few = dir.resolve("few.png");
        ComparisonPlot.write(Pictures.plotFile(many), committed(), DEFAULTS, "30 bars");
        ComparisonPlot.write(Pictures.plotFile(few), compare(TestFiles.jmh("compare-base.json"),
                TestFiles.jmh("compare-head-regressed.json")), DEFAULTS, "15 bars");

        BufferedImage thirty = Pictures.png(many);
        BufferedImage fifteen = Pictures.png(few);
        assertEquals(ComparisonPlot.WIDTH, thirty.getWidth());
        assertEquals(15 * 22, thirty.getHeight() - fifteen.getHeight());
        assertTrue(Files.size(many) > 20_000, "a blank picture compresses to a few KiB: " + Files.size(many));
    }
}
