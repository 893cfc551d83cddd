package dev.llmbench.bench.plot;

/**
 * One panel's numbers at one batch size. NaN marks what the results do not carry: the tail ends where no
 * per-call percentiles exist, the floor where the JSON has none.
 *
 * @param p95   the whisker's tick: the value at the 95th percentile of single generates
 * @param p99   the whisker's end: the value at the 99th percentile
 * @param floor the bound from the JSON's floor metrics (for tokens/s the ceiling they imply)
 */
public record Reading(double value, double p95, double p99, double floor) {

    public static Reading plain(double value, double floor) {
        return new Reading(value, Double.NaN, Double.NaN, floor);
    }
}
