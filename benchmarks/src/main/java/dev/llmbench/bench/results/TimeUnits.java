package dev.llmbench.bench.results;

import dev.llmbench.LlmbenchException;

/**
 * Reads JMH score units as milliseconds per operation. Time modes write {@code <unit>/op}; throughput
 * writes {@code ops/<unit>}, whose reciprocal is the time of one operation.
 */
public final class TimeUnits {

    private TimeUnits() {
    }

    public static double toMillisPerOp(double value, String unit) {
        int slash = unit.indexOf('/');
        if (slash < 0) {
            throw new LlmbenchException("'" + unit + "' is not a JMH time unit (expected e.g. ms/op or ops/s)");
        }
        String numerator = unit.substring(0, slash);
        String denominator = unit.substring(slash + 1);
        if (denominator.equals("op")) {
            return value * millisIn(numerator, unit);
        }
        if (numerator.equals("ops")) {
            return millisIn(denominator, unit) / value;
        }
        throw new LlmbenchException("'" + unit + "' is not a JMH time unit (expected e.g. ms/op or ops/s)");
    }

    /** Milliseconds in one of JMH's time unit labels (TimeValue's spelling). */
    private static double millisIn(String label, String unit) {
        return switch (label) {
            case "ns" -> 1e-6;
            case "us" -> 1e-3;
            case "ms" -> 1.0;
            case "s" -> 1e3;
            case "min" -> 60e3;
            case "hr" -> 3600e3;
            case "day" -> 86400e3;
            default -> throw new LlmbenchException("'" + unit + "' has an unknown time unit '" + label + "'");
        };
    }
}
