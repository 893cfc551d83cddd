package dev.llmbench.bench.compare;

/**
 * On what a metric's change is judged. JMH estimates a metric's error from its per-iteration values; a
 * metric measured once per fork ({@code build_time_s}, {@code gpu_peak_mem_gb}) repeats one value in every
 * iteration, so JMH writes an error of NaN, or of 0 up to rounding (2.5e-15 s in {@code jmh-results/h100}).
 * The error rule would take such a metric for exact and call any noise in it a regression.
 */
public enum Basis {
    /** Both runs estimate the error: a change counts when it is larger than both errors together. */
    ERRORS,
    /** A run has no error estimate: only a change beyond the single-sample threshold counts. */
    SINGLE_SAMPLE;

    /** An error below this fraction of the score is the rounding of identical values, not an estimate. */
    private static final double ROUNDING = 1e-9;

    public static Basis of(double base, double baseError, double head, double headError) {
        return hasErrorEstimate(base, baseError) && hasErrorEstimate(head, headError) ? ERRORS : SINGLE_SAMPLE;
    }

    public static boolean hasErrorEstimate(double score, double error) {
        return Double.isFinite(error) && error > ROUNDING * Math.abs(score);
    }
}
