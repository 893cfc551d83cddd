package dev.llmbench.bench.plot;

import org.jfree.chart.JFreeChart;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.function.Consumer;

/**
 * A picture to write: its size in pixels and how to draw it. The same drawing goes to a PNG's raster and to
 * an SVG, so the two formats show the same thing.
 */
public record Picture(int width, int height, Consumer<Graphics2D> painter) {

    public static Picture of(JFreeChart chart, int width, int height) {
        return new Picture(width, height, g2 -> chart.draw(g2, new Rectangle2D.Double(0, 0, width, height)));
    }

    /** Charts one under the other, each {@code chartHeight} high: one picture for panels with legends of their own. */
    public static Picture stacked(List<JFreeChart> charts, int width, int chartHeight) {
        return new Picture(width, chartHeight * charts.size(), g2 -> {
            for (int i = 0; i < charts.size(); i++) {
                charts.get(i).draw(g2, new Rectangle2D.Double(0, (double) i * chartHeight, width, chartHeight));
            }
        });
    }
}
