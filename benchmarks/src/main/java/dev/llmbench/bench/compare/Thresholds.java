package dev.llmbench.bench.compare;

import java.math.BigDecimal;

/**
 * How much worse a metric must get to be a regression, in percent, per {@link Basis}: beyond
 * {@code errorsPercent} (and the errors) when both runs estimate its error, beyond
 * {@code singleSamplePercent} when they do not.
 */
public record Thresholds(double errorsPercent, double singleSamplePercent) {

    public double percent(Basis basis) {
        return basis == Basis.ERRORS ? errorsPercent : singleSamplePercent;
    }

    /** The basis as the table prints it: {@code errors+5%}, {@code single sample, 50%}. */
    public String label(Basis basis) {
        return basis == Basis.ERRORS
                ? "errors+" + plain(errorsPercent) + "%"
                : "single sample, " + plain(singleSamplePercent) + "%";
    }

    private static String plain(double percent) {
        return BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString();
    }
}
