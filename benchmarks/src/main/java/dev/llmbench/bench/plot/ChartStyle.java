package dev.llmbench.bench.plot;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;

/** The look shared by every picture: white ground, light grid, plain fonts, a title and a line of explanation. */
public final class ChartStyle {

    static final Color GRID = new Color(0xDDDDDD);
    public static final Stroke LINE = new BasicStroke(1.6f);
    /** Floors and thresholds: bounds drawn as dashes, never mistaken for a measured line. */
    public static final Stroke DASHED = new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font NOTE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private ChartStyle() {
    }

    /** A chart of the plot with a title and notes under it (each note one line); the caller adds any legend. */
    public static JFreeChart chart(String title, Plot plot, String... notes) {
        JFreeChart chart = new JFreeChart(title, TITLE, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        for (String note : notes) {
            TextTitle line = new TextTitle(note, NOTE);
            line.setPaint(Color.DARK_GRAY);
            chart.addSubtitle(line);
        }
        return chart;
    }

    public static void plain(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.GRAY);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
    }

    public static void plain(CategoryPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.GRAY);
        plot.setRangeGridlinePaint(GRID);
    }
}
