package dev.llmbench.bench.plot;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.compare.Basis;
import dev.llmbench.bench.compare.Comparison;
import dev.llmbench.bench.compare.MetricChange;
import dev.llmbench.bench.compare.MetricChange.Verdict;
import dev.llmbench.bench.compare.Thresholds;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code compare BASE HEAD --plot OUT}: the verdict {@code compare} prints, as a picture. One horizontal bar per
 * compared metric, its change from base to head in percent, coloured by its verdict; whiskers of the two runs'
 * score errors together, so a bar whose whisker crosses zero is within error; dashed lines at the threshold.
 */
public final class ComparisonPlot {

    static final int WIDTH = 1000;
    /** Title, notes, axis and legend; each bar adds {@link #BAR_HEIGHT}. */
    private static final int FRAME_HEIGHT = 220;
    private static final int BAR_HEIGHT = 22;
    private static final String ROW = "change";

    private ComparisonPlot() {
    }

    public static void write(PlotFile file, Comparison comparison, Thresholds thresholds, String title) {
        PictureWriter.write(file, picture(comparison, thresholds, title));
    }

    static Picture picture(Comparison comparison, Thresholds thresholds, String title) {
        // A change from a base of 0 is infinite: compare prints it, a bar cannot show it.
        List<MetricChange> changes = comparison.changes().stream()
                .filter(c -> Double.isFinite(c.changePercent())).toList();
        if (changes.isEmpty()) {
            throw new LlmbenchException("nothing to plot: no compared metric has a finite change (every base is 0)");
        }
        Map<String, String> names = BenchmarkLabels.of(changes.stream().map(MetricChange::benchmark).distinct().toList());
        DefaultStatisticalCategoryDataset bars = new DefaultStatisticalCategoryDataset();
        List<Verdict> verdicts = new ArrayList<>();
        for (MetricChange change : changes) {
            bars.add(Double.valueOf(change.changePercent()), whisker(change), ROW,
                    names.get(change.benchmark()) + " · " + change.metric());
            verdicts.add(change.verdict(thresholds));
        }
        CategoryAxis axis = new CategoryAxis();
        axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        axis.setMaximumCategoryLabelWidthRatio(0.5f);
        CategoryPlot plot = new CategoryPlot(bars, axis, percentAxis(changes, thresholds),
                new VerdictBarRenderer(verdicts));
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        ChartStyle.plain(plot);
        plot.addRangeMarker(new ValueMarker(0, Color.BLACK, new BasicStroke(1f)));
        for (double threshold : new double[] {-thresholds.errorsPercent(), thresholds.errorsPercent()}) {
            plot.addRangeMarker(new ValueMarker(threshold, Color.GRAY, ChartStyle.DASHED));
        }
        plot.setFixedLegendItems(legend(verdicts));

        int leftOut = comparison.changes().size() - changes.size();
        JFreeChart chart = ChartStyle.chart(title, plot,
                "Bars: (head − base) / base per metric. Whiskers: ± both runs' score errors, crossing 0 is within error;"
                        + " the scale fits the bars, longer whiskers run off it.",
                "Verdicts as compare judges them: " + thresholds.label(Basis.ERRORS) + " (dashed lines), "
                        + thresholds.label(Basis.SINGLE_SAMPLE) + " where a run has no error estimate (no whisker)."
                        + (leftOut > 0 ? " " + leftOut + " change(s) from a base of 0 left out." : ""));
        LegendTitle legend = new LegendTitle(plot);
        legend.setPosition(RectangleEdge.BOTTOM);
        chart.addSubtitle(legend);
        return Picture.of(chart, WIDTH, FRAME_HEIGHT + BAR_HEIGHT * changes.size());
    }

    /**
     * The bars and the thresholds with a margin. Not the whiskers: three iterations give errors of hundreds of
     * percent (ttft_ms in jmh-results/h100), which would shrink every bar to a line.
     */
    private static NumberAxis percentAxis(List<MetricChange> changes, Thresholds thresholds) {
        double low = -thresholds.errorsPercent();
        double high = thresholds.errorsPercent();
        for (MetricChange change : changes) {
            low = Math.min(low, change.changePercent());
            high = Math.max(high, change.changePercent());
        }
        double margin = (high - low) * 0.08;
        NumberAxis axis = new NumberAxis("change from base to head (%)");
        axis.setRange(low - margin, high + margin);
        return axis;
    }

    /** Half the whisker in percent of the base: both errors, the margin compare's "beyond error" uses; none without. */
    private static Double whisker(MetricChange change) {
        return change.basis() == Basis.ERRORS
                ? (change.baseError() + change.headError()) / Math.abs(change.base()) * 100 : null;
    }

    /** One entry per verdict that a bar has, in the order of severity. */
    private static LegendItemCollection legend(List<Verdict> verdicts) {
        Set<Verdict> present = EnumSet.copyOf(verdicts);
        LegendItemCollection items = new LegendItemCollection();
        for (Verdict verdict : List.of(Verdict.REGRESSION, Verdict.WORSE, Verdict.BETTER, Verdict.WITHIN_ERROR,
                Verdict.WITHIN_THRESHOLD)) {
            if (present.contains(verdict)) {
                items.add(new LegendItem(verdict.label, VerdictBarRenderer.COLOURS.get(verdict)));
            }
        }
        return items;
    }
}
