package dev.llmbench.bench.plot;

import java.util.List;
import java.util.Map;

/**
 * One line of the sweep picture: one (model, precision, mode, input/output lengths) over batch sizes.
 *
 * @param label  the legend's text, e.g. {@code gpt_350m float16 plugin 60:20}
 * @param points ordered by batch size
 */
public record SweepSeries(String label, List<Point> points) {

    public record Point(double batchSize, Map<SweepMetric, Reading> readings) {

        public Point {
            readings = Map.copyOf(readings);
        }

        public Reading reading(SweepMetric metric) {
            return readings.get(metric);
        }
    }

    public SweepSeries {
        points = List.copyOf(points);
    }
}
