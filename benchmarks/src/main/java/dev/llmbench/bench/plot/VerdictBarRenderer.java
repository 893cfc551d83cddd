package dev.llmbench.bench.plot;

import dev.llmbench.bench.compare.MetricChange.Verdict;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.category.CategoryDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Map;

/**
 * Bars with whiskers (the dataset's standard deviation slot holds the whisker's half length), each bar in
 * the colour of its verdict and in an SVG group naming its label and verdict ({@link SvgGroups}).
 */
final class VerdictBarRenderer extends StatisticalBarRenderer {

    /** Red for what fails {@code compare}; orange for worse but under the threshold; grey for no evidence. */
    static final Map<Verdict, Color> COLOURS = Map.of(
            Verdict.REGRESSION, new Color(0xD62728),
            Verdict.WORSE, new Color(0xFF9F40),
            Verdict.BETTER, new Color(0x2CA02C),
            Verdict.WITHIN_ERROR, new Color(0xA8A8A8),
            Verdict.WITHIN_THRESHOLD, new Color(0xA8A8A8));

    /** Per column (bar) of the dataset, in its order. */
    private final List<Verdict> verdicts;

    VerdictBarRenderer(List<Verdict> verdicts) {
        this.verdicts = List.copyOf(verdicts);
        setShadowVisible(false);
        setDrawBarOutline(false);
        setErrorIndicatorPaint(Color.BLACK);
        setErrorIndicatorStroke(new BasicStroke(1.2f));
        setItemMargin(0);
    }

    @Override
    public Paint getItemPaint(int row, int column) {
        return COLOURS.get(verdicts.get(column));
    }

    @Override
    public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea, CategoryPlot plot,
                         CategoryAxis domainAxis, ValueAxis rangeAxis, CategoryDataset data, int row, int column,
                         int pass) {
        SvgGroups.begin(g2, SvgGroups.CLASS, SvgGroups.CHANGE, SvgGroups.LABEL, String.valueOf(data.getColumnKey(column)),
                SvgGroups.VERDICT, verdicts.get(column).name());
        try {
            super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, data, row, column, pass);
        } finally {
            SvgGroups.end(g2);
        }
    }
}
