package dev.llmbench.bench.compare;

import org.junit.jupiter.api.Test;

import static dev.llmbench.bench.compare.MetricChange.Verdict.BETTER;
import static dev.llmbench.bench.compare.MetricChange.Verdict.REGRESSION;
import static dev.llmbench.bench.compare.MetricChange.Verdict.WITHIN_ERROR;
import static dev.llmbench.bench.compare.MetricChange.Verdict.WITHIN_THRESHOLD;
import static dev.llmbench.bench.compare.MetricChange.Verdict.WORSE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricChangeTest {

    private static final Thresholds FIVE_AND_25 = new Thresholds(5, 25);

    private static MetricChange change(Direction direction, double base, double baseError, double head, double headError) {
        return new MetricChange("b", "score", "ms/op", direction, base, baseError, head, headError);
    }

    @Test
    void anErrorOfNaNOrZeroUpToRoundingIsNoEstimate() {
        assertEquals(Basis.ERRORS, change(Direction.LOWER_IS_BETTER, 10, 0.1, 10, 0.2).basis());
        assertEquals(Basis.SINGLE_SAMPLE, change(Direction.LOWER_IS_BETTER, 10, Double.NaN, 10, Double.NaN).basis());
        assertEquals(Basis.SINGLE_SAMPLE, change(Direction.LOWER_IS_BETTER, 10, 0.0, 10, 0.0).basis());
        // JMH's error of three equal build times 0.892663215 s, in jmh-results/h100
        assertEquals(Basis.SINGLE_SAMPLE, change(Direction.LOWER_IS_BETTER, 0.89, 2.480671864600626e-15, 0.9, 0.0).basis());
        // One run without an estimate is enough: its noise is unknown.
        assertEquals(Basis.SINGLE_SAMPLE, change(Direction.LOWER_IS_BETTER, 10, 0.1, 10, Double.NaN).basis());
    }

    @Test
    void withoutErrorsOnlyTheSingleSampleThresholdCounts() {
        assertEquals(WITHIN_THRESHOLD, change(Direction.LOWER_IS_BETTER, 10.0, Double.NaN, 10.01, Double.NaN).verdict(FIVE_AND_25));
        assertEquals(WITHIN_THRESHOLD, change(Direction.LOWER_IS_BETTER, 10.0, Double.NaN, 12.0, 0.0).verdict(FIVE_AND_25));
        assertEquals(WITHIN_THRESHOLD, change(Direction.LOWER_IS_BETTER, 10.0, Double.NaN, 8.0, 0.0).verdict(FIVE_AND_25));
        assertEquals(REGRESSION, change(Direction.LOWER_IS_BETTER, 10.0, Double.NaN, 13.0, Double.NaN).verdict(FIVE_AND_25));
        assertEquals(BETTER, change(Direction.LOWER_IS_BETTER, 10.0, Double.NaN, 7.0, Double.NaN).verdict(FIVE_AND_25));
    }

    @Test
    void bothErrorsTogetherBoundTheNoise() {
        assertFalse(change(Direction.LOWER_IS_BETTER, 100, 3, 105, 2).beyondError());
        assertTrue(change(Direction.LOWER_IS_BETTER, 100, 3, 105.1, 2).beyondError());
    }

    @Test
    void directionDecidesWhatWorseMeans() {
        assertEquals(REGRESSION, change(Direction.HIGHER_IS_BETTER, 1000, 5, 900, 5).verdict(FIVE_AND_25));
        assertEquals(BETTER, change(Direction.HIGHER_IS_BETTER, 1000, 5, 1100, 5).verdict(FIVE_AND_25));
        assertEquals(BETTER, change(Direction.LOWER_IS_BETTER, 1000, 5, 900, 5).verdict(FIVE_AND_25));
        assertEquals(WITHIN_ERROR, change(Direction.LOWER_IS_BETTER, 1000, 50, 1090, 50).verdict(FIVE_AND_25));
    }

    @Test
    void thresholdsAreExclusive() {
        assertEquals(WORSE, change(Direction.LOWER_IS_BETTER, 100, 0.1, 105, 0.1).verdict(FIVE_AND_25));
        assertEquals(REGRESSION, change(Direction.LOWER_IS_BETTER, 100, 0.1, 105.5, 0.1).verdict(FIVE_AND_25));
        assertEquals(WITHIN_THRESHOLD, change(Direction.LOWER_IS_BETTER, 100, Double.NaN, 125, Double.NaN).verdict(FIVE_AND_25));
        assertEquals(REGRESSION, change(Direction.LOWER_IS_BETTER, 100, Double.NaN, 125.5, Double.NaN).verdict(FIVE_AND_25));
    }

    @Test
    void theBasisLabelStatesTheThreshold() {
        Thresholds thresholds = new Thresholds(5, 50);
        assertEquals("errors+5%", thresholds.label(Basis.ERRORS));
        assertEquals("single sample, 50%", thresholds.label(Basis.SINGLE_SAMPLE));
        assertEquals("errors+2.5%", new Thresholds(2.5, 50).label(Basis.ERRORS));
    }
}
