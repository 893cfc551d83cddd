package dev.llmbench.bench.plot;

import dev.llmbench.bench.Checkout;
import dev.llmbench.bench.report.DecoderReport;
import dev.llmbench.bench.report.ReportRow;
import dev.llmbench.bench.results.JmhJsonReader;
import dev.llmbench.bench.results.JmhResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepDataTest {

    private static final String TRT_GPT = "jmh-results/h100/2026-11-27-2b78de5-trt-gpt_350m.json";
    private static final String DEFAULT_RUN = "jmh-results/h100/2026-11-27-5844fc4-default.json";

    private static List<JmhResult> committed(String file) {
        return JmhJsonReader.read(Checkout.file(file));
    }

    @Test
    void oneSeriesPerModelPrecisionModeAndLengthsOrderedByBatchSize() {
        List<SweepSeries> series = SweepData.of(committed(TRT_GPT));

        assertEquals(List.of("gpt_350m float16 plugin 60:20", "gpt_350m float16 plugin 128:20"),
                series.stream().map(SweepSeries::label).toList());
        assertEquals(List.of(1.0, 8.0, 64.0),
                series.get(0).points().stream().map(SweepSeries.Point::batchSize).toList());
    }

    @Test
    void theMethodsOfOneCombinationAreOnePoint() {
        // generate, contextPhase and generationStep of each batch size: three points, not nine.
        List<SweepSeries> series = SweepData.of(committed(DEFAULT_RUN));

        assertEquals(1, series.size());
        assertEquals(3, series.get(0).points().size());
    }

    @Test
    void pointsCarryTheReportsNumbers() {
        List<JmhResult> results = committed(TRT_GPT);
        ReportRow row = DecoderReport.rows(results).get(0);
        SweepSeries.Point point = SweepData.of(results).get(0).points().get(0);

        Reading latency = point.reading(SweepMetric.LATENCY);
        assertEquals(Double.parseDouble(row.value("latency(ms)")), latency.value());
        assertEquals(Double.parseDouble(row.value("percentile95(ms)")), latency.p95());
        assertEquals(Double.parseDouble(row.value("percentile99(ms)")), latency.p99());
        assertEquals(Double.parseDouble(row.value("ttft(ms)")), point.reading(SweepMetric.TTFT).value());
        assertEquals(Double.parseDouble(row.value("tpot(ms)")), point.reading(SweepMetric.TPOT).value());
        assertEquals(Double.parseDouble(row.value("tokens_per_sec")), point.reading(SweepMetric.TOKENS_PER_SEC).value());
    }

    @Test
    void tokensPerSecondWhiskersAreTheTokensAtThePercentileLatencies() {
        SweepSeries.Point batch8 = SweepData.of(committed(TRT_GPT)).get(0).points().get(1);
        Reading latency = batch8.reading(SweepMetric.LATENCY);
        Reading tokens = batch8.reading(SweepMetric.TOKENS_PER_SEC);

        // batch 8 × output 20 tokens per generate
        assertEquals(160 * 1000 / latency.p95(), tokens.p95(), 1e-9);
        assertEquals(160 * 1000 / latency.p99(), tokens.p99(), 1e-9);
        assertTrue(tokens.p99() <= tokens.p95() && tokens.p95() <= tokens.value(), tokens.toString());
    }

    @Test
    void withoutFloorMetricsThereIsNoFloor() {
        assertTrue(SweepData.of(committed(TRT_GPT)).stream().flatMap(s -> s.points().stream())
                .flatMap(p -> p.readings().values().stream()).noneMatch(r -> Double.isFinite(r.floor())));
    }
}
