package dev.llmbench.bench.plot;

import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.data.xy.XYDataset;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;

/**
 * Lines, markers and vertical whiskers (an {@link org.jfree.data.xy.IntervalXYDataset}'s y interval), with
 * each item's marks in an SVG group naming its kind, panel and series ({@link SvgGroups}).
 */
public final class TaggedXYRenderer extends XYErrorRenderer {

    private final String kind;
    private final String panel;

    public TaggedXYRenderer(String kind, String panel) {
        this.kind = kind;
        this.panel = panel;
    }

    @Override
    public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea, PlotRenderingInfo info,
                         XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int series,
                         int item, CrosshairState crosshairState, int pass) {
        SvgGroups.begin(g2, SvgGroups.CLASS, kind, SvgGroups.PANEL, panel,
                SvgGroups.SERIES_KEY, String.valueOf(dataset.getSeriesKey(series)));
        try {
            super.drawItem(g2, state, dataArea, info, plot, domainAxis, rangeAxis, dataset, series, item,
                    crosshairState, pass);
        } finally {
            SvgGroups.end(g2);
        }
    }
}
