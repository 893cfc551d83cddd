package dev.llmbench.bench.compare;

/**
 * One metric of one benchmark in both runs.
 *
 * @param benchmark benchmark, mode and parameters, as the comparison prints them
 * @param metric    {@code score} for the primary metric, else the secondary label
 */
public record MetricChange(String benchmark, String metric, String unit, Direction direction,
                           double base, double baseError, double head, double headError) {

    public enum Verdict {
        /** The difference is inside the two runs' error bars: no evidence of a change. */
        WITHIN_ERROR("within error"),
        BETTER("better"),
        /** Worse beyond the error bars but by less than the threshold. */
        WORSE("worse, under threshold"),
        REGRESSION("REGRESSION");

        public final String label;

        Verdict(String label) {
            this.label = label;
        }
    }

    /** (head − base) / base in percent; infinite when base is 0 and head is not. */
    public double changePercent() {
        return (head - base) / Math.abs(base) * 100;
    }

    /** Whether the difference exceeds both errors added (JMH's NaN error counts as 0). */
    public boolean beyondError() {
        double baseErr = Double.isNaN(baseError) ? 0 : baseError;
        double headErr = Double.isNaN(headError) ? 0 : headError;
        return Math.abs(head - base) > baseErr + headErr;
    }

    public boolean worse() {
        return direction == Direction.LOWER_IS_BETTER ? head > base : head < base;
    }

    public Verdict verdict(double thresholdPercent) {
        if (!beyondError()) {
            return Verdict.WITHIN_ERROR;
        }
        if (!worse()) {
            return Verdict.BETTER;
        }
        return Math.abs(changePercent()) > thresholdPercent ? Verdict.REGRESSION : Verdict.WORSE;
    }
}
