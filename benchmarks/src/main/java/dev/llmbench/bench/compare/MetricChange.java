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
        /** Without error bars, a change inside the single-sample threshold: no evidence of a change. */
        WITHIN_THRESHOLD("within threshold"),
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

    public Basis basis() {
        return Basis.of(base, baseError, head, headError);
    }

    /** Whether the difference exceeds both errors added; a question for {@link Basis#ERRORS} only. */
    public boolean beyondError() {
        return Math.abs(head - base) > baseError + headError;
    }

    public boolean worse() {
        return direction == Direction.LOWER_IS_BETTER ? head > base : head < base;
    }

    public Verdict verdict(Thresholds thresholds) {
        Basis basis = basis();
        boolean beyondThreshold = Math.abs(changePercent()) > thresholds.percent(basis);
        if (basis == Basis.ERRORS && !beyondError()) {
            return Verdict.WITHIN_ERROR;
        }
        if (basis == Basis.SINGLE_SAMPLE && !beyondThreshold) {
            return Verdict.WITHIN_THRESHOLD;
        }
        if (!worse()) {
            return Verdict.BETTER;
        }
        return beyondThreshold ? Verdict.REGRESSION : Verdict.WORSE;
    }
}
