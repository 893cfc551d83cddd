package dev.llmbench.bench.plot;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.results.JmhResult;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.text.DecimalFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code report FILE.json --plot OUT}: latency, ttft, tpot and tokens/s against batch size, one panel each over
 * a shared batch axis, one line per {@link SweepSeries}. Latency has whiskers to the 99th percentile of single
 * generates with a tick at the 95th (tokens/s the same, at those latencies); a dashed line of the series'
 * colour is the floor where the results carry one ({@link SweepData}).
 */
public final class SweepPlot {

    static final int WIDTH = 1000;
    static final int HEIGHT = 1200;
    private static final double CAP = 7;
    /**
     * How far apart, in doublings of the batch size, the points of neighbouring lines are drawn: at one batch
     * size the lines' whiskers would otherwise cover each other.
     */
    private static final double SPREAD = 0.04;

    private SweepPlot() {
    }

    public static void write(PlotFile file, List<JmhResult> results, String title) {
        List<SweepSeries> series = SweepData.of(results);
        if (series.isEmpty()) {
            throw new LlmbenchException(title + ": no DecoderBenchmark result with a batchSize to plot");
        }
        PictureWriter.write(file, picture(series, title));
    }

    static Picture picture(List<SweepSeries> series, String title) {
        LogAxis batch = new LogAxis("batch size");
        batch.setBase(2);
        batch.setTickUnit(new NumberTickUnit(1));
        batch.setNumberFormatOverride(new DecimalFormat("0"));
        CombinedDomainXYPlot panels = new CombinedDomainXYPlot(batch);
        panels.setGap(14);
        XYPlot latency = panel(SweepMetric.LATENCY, series);
        panels.add(latency);
        for (SweepMetric metric : List.of(SweepMetric.TTFT, SweepMetric.TPOT, SweepMetric.TOKENS_PER_SEC)) {
            panels.add(panel(metric, series));
        }
        JFreeChart chart = ChartStyle.chart(title, panels,
                any(series, r -> Double.isFinite(r.p99()))
                        ? "Whiskers: latency of single generates at the 99th percentile (end) and the 95th (tick);"
                        + " tokens/s at those latencies."
                        : "No whiskers: the results carry no per-call percentiles (JMH's SampleTime mode has them).",
                any(series, r -> Double.isFinite(r.floor()))
                        ? "Dashed: the floor the results carry (" + SweepData.FLOOR_MS + ", " + SweepData.TTFT_FLOOR_MS
                        + ", " + SweepData.TPOT_FLOOR_MS + "); for tokens/s the ceiling it implies."
                        : "No floor line: the results carry no " + SweepData.FLOOR_MS + ", " + SweepData.TTFT_FLOOR_MS
                        + " or " + SweepData.TPOT_FLOOR_MS + ".");
        // Every panel has the same lines in the same colours: one legend, taken from the first panel.
        LegendTitle legend = new LegendTitle(latency);
        legend.setPosition(RectangleEdge.BOTTOM);
        chart.addSubtitle(legend);
        return Picture.of(chart, WIDTH, HEIGHT);
    }

    private static boolean any(List<SweepSeries> series, Predicate<Reading> test) {
        return series.stream().flatMap(s -> s.points().stream())
                .flatMap(p -> p.readings().values().stream()).anyMatch(test);
    }

    /**
     * Three datasets in the series' colours: the measured line with whiskers to the 99th percentile, the ticks at
     * the 95th (an interval to it, drawn by caps only), and the dashed floor.
     */
    private static XYPlot panel(SweepMetric metric, List<SweepSeries> series) {
        YIntervalSeriesCollection measured = new YIntervalSeriesCollection();
        YIntervalSeriesCollection ticks = new YIntervalSeriesCollection();
        YIntervalSeriesCollection floors = new YIntervalSeriesCollection();
        for (int i = 0; i < series.size(); i++) {
            SweepSeries line = series.get(i);
            double shift = Math.pow(2, SPREAD * (i - (series.size() - 1) / 2.0));
            YIntervalSeries value = new YIntervalSeries(line.label());
            YIntervalSeries tick = new YIntervalSeries(line.label());
            YIntervalSeries floor = new YIntervalSeries(line.label());
            for (SweepSeries.Point point : line.points()) {
                Reading reading = point.reading(metric);
                double x = point.batchSize() * shift;
                double y = reading.value();
                if (Double.isFinite(y)) {
                    value.add(x, y, Math.min(y, tail(y, reading.p99())), Math.max(y, tail(y, reading.p99())));
                    if (Double.isFinite(reading.p95())) {
                        tick.add(x, y, Math.min(y, reading.p95()), Math.max(y, reading.p95()));
                    }
                }
                if (Double.isFinite(reading.floor())) {
                    floor.add(x, reading.floor(), reading.floor(), reading.floor());
                }
            }
            measured.addSeries(value);
            ticks.addSeries(tick);
            floors.addSeries(floor);
        }
        NumberAxis axis = new NumberAxis(metric.axisLabel);
        axis.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot();
        plot.setRangeAxis(axis);
        ChartStyle.plain(plot);
        boolean whiskers = series.stream().flatMap(s -> s.points().stream())
                .anyMatch(p -> Double.isFinite(p.reading(metric).p99()));
        plot.setDataset(0, measured);
        TaggedXYRenderer lines = coloured(SvgGroups.SERIES, metric, series.size());
        lines.setDefaultLinesVisible(true);
        lines.setDrawYError(whiskers);
        plot.setRenderer(0, lines);
        plot.setDataset(1, ticks);
        TaggedXYRenderer caps = coloured(SvgGroups.SERIES, metric, series.size());
        caps.setDefaultShapesVisible(false);
        caps.setDefaultSeriesVisibleInLegend(false);
        plot.setRenderer(1, caps);
        plot.setDataset(2, floors);
        TaggedXYRenderer dashes = coloured(SvgGroups.FLOOR, metric, series.size());
        dashes.setDefaultLinesVisible(true);
        dashes.setDefaultShapesVisible(false);
        dashes.setDefaultSeriesVisibleInLegend(false);
        dashes.setDrawYError(false);
        for (int i = 0; i < series.size(); i++) {
            dashes.setSeriesStroke(i, ChartStyle.DASHED);
        }
        plot.setRenderer(2, dashes);
        return plot;
    }

    /** The whisker's end, or the value itself (no whisker) where the results have no percentile. */
    private static double tail(double value, double percentile) {
        return Double.isFinite(percentile) ? percentile : value;
    }

    /** Markers and y whiskers, no lines yet, the i-th series in the i-th colour and shape: what the datasets share. */
    private static TaggedXYRenderer coloured(String kind, SweepMetric metric, int seriesCount) {
        TaggedXYRenderer renderer = new TaggedXYRenderer(kind, metric.id);
        renderer.setDrawXError(false);
        renderer.setCapLength(CAP);
        for (int i = 0; i < seriesCount; i++) {
            renderer.setSeriesPaint(i, Palette.series(i));
            renderer.setSeriesShape(i, Palette.shape(i));
            renderer.setSeriesStroke(i, ChartStyle.LINE);
        }
        return renderer;
    }
}
