package dev.llmbench.bench.compare;

import org.junit.jupiter.api.Test;

import static dev.llmbench.bench.compare.MetricChange.Verdict.BETTER;
import static dev.llmbench.bench.compare.MetricChange.Verdict.REGRESSION;
import static dev.llmbench.bench.compare.MetricChange.Verdict.WITHIN_ERROR;
import static dev.llmbench.bench.compare.MetricChange.Verdict.WORSE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricChangeTest {

    private static MetricChange change(Direction direction, double base, double baseError, double head, double headError) {
        return new MetricChange("b", "score", "ms/op", direction, base, baseError, head, headError);
    }

    @Test
    void jmhNaNErrorCountsAsNoError() {
        MetricChange change = change(Direction.LOWER_IS_BETTER, 10.0, Double.NaN, 10.01, Double.NaN);

        assertTrue(change.beyondError());
        assertEquals(WORSE, change.verdict(5));
    }

    @Test
    void bothErrorsTogetherBoundTheNoise() {
        assertFalse(change(Direction.LOWER_IS_BETTER, 100, 3, 105, 2).beyondError());
        assertTrue(change(Direction.LOWER_IS_BETTER, 100, 3, 105.1, 2).beyondError());
    }

    @Test
    void directionDecidesWhatWorseMeans() {
        assertEquals(REGRESSION, change(Direction.HIGHER_IS_BETTER, 1000, 5, 900, 5).verdict(5));
        assertEquals(BETTER, change(Direction.HIGHER_IS_BETTER, 1000, 5, 1100, 5).verdict(5));
        assertEquals(BETTER, change(Direction.LOWER_IS_BETTER, 1000, 5, 900, 5).verdict(5));
        assertEquals(WITHIN_ERROR, change(Direction.LOWER_IS_BETTER, 1000, 50, 1090, 50).verdict(5));
    }

    @Test
    void thresholdIsExclusive() {
        assertEquals(WORSE, change(Direction.LOWER_IS_BETTER, 100, 0, 105, 0).verdict(5));
        assertEquals(REGRESSION, change(Direction.LOWER_IS_BETTER, 100, 0, 105.5, 0).verdict(5));
    }
}
