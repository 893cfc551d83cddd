package dev.llmbench.bench.history;

import dev.llmbench.bench.plot.ChartStyle;
import dev.llmbench.bench.plot.Palette;
import dev.llmbench.bench.plot.Picture;
import dev.llmbench.bench.plot.PictureWriter;
import dev.llmbench.bench.plot.PlotFile;
import dev.llmbench.bench.plot.SvgGroups;
import dev.llmbench.bench.plot.TaggedXYRenderer;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code history --plot OUT}: one chart per model, stacked, each with the latency of its configurations across
 * the commits and whiskers of ± JMH's score error; a regression shows as a step up in a line.
 */
final class HistoryPlot {

    static final int WIDTH = 1000;
    static final int CHART_HEIGHT = 460;
    /** Lines' points at one commit are drawn this far apart (in commits), so their whiskers stay visible. */
    private static final double SPREAD = 0.02;

    private HistoryPlot() {
    }

    static void write(PlotFile file, History history, String gpu) {
        List<JFreeChart> charts = new ArrayList<>();
        for (String model : history.models()) {
            charts.add(chart(history, gpu, model, charts.isEmpty()));
        }
        PictureWriter.write(file, Picture.stacked(charts, WIDTH, CHART_HEIGHT));
    }

    private static JFreeChart chart(History history, String gpu, String model, boolean first) {
        List<Map.Entry<Configuration, List<History.Point>>> lines = history.lines().entrySet().stream()
                .filter(e -> e.getKey().model().equals(model)).toList();
        YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
        TaggedXYRenderer renderer = new TaggedXYRenderer(SvgGroups.SERIES, model);
        renderer.setDefaultLinesVisible(true);
        renderer.setDrawXError(false);
        renderer.setCapLength(6);
        for (int i = 0; i < lines.size(); i++) {
            double shift = SPREAD * (i - (lines.size() - 1) / 2.0);
            YIntervalSeries series = new YIntervalSeries(lines.get(i).getKey().label());
            for (History.Point point : lines.get(i).getValue()) {
                series.add(point.commit() + shift, point.millis(), point.low(), point.high());
            }
            dataset.addSeries(series);
            renderer.setSeriesPaint(i, Palette.series(i));
            renderer.setSeriesShape(i, Palette.shape(i));
            renderer.setSeriesStroke(i, ChartStyle.LINE);
        }
        SymbolAxis commits = new SymbolAxis("commit (order of jmh-results/index.json)",
                history.commits().toArray(String[]::new));
        commits.setGridBandsVisible(false);
        NumberAxis latency = new NumberAxis("latency (ms)");
        latency.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(dataset, commits, latency, renderer);
        ChartStyle.plain(plot);
        String title = gpu + ": " + model;
        JFreeChart chart = first
                ? ChartStyle.chart(title, plot, "Mean latency (JMH score) of each configuration measured at two"
                + " commits or more; whiskers: ± its score error.")
                : ChartStyle.chart(title, plot);
        LegendTitle legend = new LegendTitle(plot);
        legend.setPosition(RectangleEdge.RIGHT);
        chart.addSubtitle(legend);
        return chart;
    }
}
