package dev.llmbench.bench.plot;

import org.jfree.chart.ChartHints;

import java.awt.Graphics2D;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts what a renderer draws next into an SVG {@code <g>} with the given attributes, so that a reader of the
 * SVG (a test, a script, a browser's inspector) can tell which series, panel or verdict each mark belongs to.
 * It uses JFreeChart's own element hints: JFreeSVG turns them into groups, a PNG's graphics ignore them.
 */
public final class SvgGroups {

    /** What kind of mark: {@link #SERIES}, {@link #FLOOR}, {@link #CHANGE}. */
    public static final String CLASS = "class";
    /** The series' key: the legend's label, or the configuration in the history. */
    public static final String SERIES_KEY = "data-series";
    /** The panel (metric of the sweep, model of the history) the mark is drawn in. */
    public static final String PANEL = "data-panel";
    /** A comparison bar's verdict, as {@code compare} prints it. */
    public static final String VERDICT = "data-verdict";
    /** A comparison bar's category label. */
    public static final String LABEL = "data-label";

    public static final String SERIES = "series";
    public static final String FLOOR = "floor";
    public static final String CHANGE = "change";

    private SvgGroups() {
    }

    /** Opens a group with these attributes, given as name, value, name, value, ... in the order to write them. */
    public static void begin(Graphics2D g2, String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("attribute names and values come in pairs");
        }
        // Ordered, so that the SVG of the same results is the same file every time.
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            attributes.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        g2.setRenderingHint(ChartHints.KEY_BEGIN_ELEMENT, attributes);
    }

    public static void end(Graphics2D g2) {
        g2.setRenderingHint(ChartHints.KEY_END_ELEMENT, Boolean.TRUE);
    }
}
