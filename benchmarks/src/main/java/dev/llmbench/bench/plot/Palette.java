package dev.llmbench.bench.plot;

import org.jfree.chart.plot.DefaultDrawingSupplier;

import java.awt.Color;
import java.awt.Shape;
import java.util.List;

/**
 * Series colours and marker shapes. The colours are Okabe and Ito's set, told apart by colour-blind readers
 * too, without its yellow (faint on white).
 */
public final class Palette {

    private static final List<Color> SERIES = List.of(
            new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0x56B4E9), new Color(0xD55E00), new Color(0x000000));

    private static final List<Shape> SHAPES = List.of(DefaultDrawingSupplier.createStandardSeriesShapes());

    private Palette() {
    }

    /** The colour of the i-th series; past the seventh they repeat, and the markers' shapes still differ. */
    public static Color series(int index) {
        return SERIES.get(index % SERIES.size());
    }

    /** The marker of the i-th series, the same in every panel of a picture. */
    public static Shape shape(int index) {
        return SHAPES.get(index % SHAPES.size());
    }
}
