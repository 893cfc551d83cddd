package dev.llmbench.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Which of the heuristic's timed candidates {@link CublasLt#tune} keeps (no GPU: the choice from the timings). */
class CublasLtChoiceTest {

    @Test
    void aLaterCandidateReplacesTheKeptOneOnlyWhenFasterByMoreThanTheMargin() {
        assertEquals(0, CublasLt.choose(new double[] {1.00}));
        assertEquals(0, CublasLt.choose(new double[] {1.00, 0.99, 0.98}), "within 3 % of the first: the first stays");
        assertEquals(1, CublasLt.choose(new double[] {1.00, 0.96, 0.95}), "4 % faster replaces; 1 % faster again does not");
        assertEquals(2, CublasLt.choose(new double[] {1.00, 0.96, 0.90, 1.50}));
        assertEquals(3, CublasLt.choose(new double[] {2.00, 1.00, 1.00, 0.50}));
    }

    @Test
    void clearlyFasterMeansMoreThanTheMarginFaster() {
        assertTrue(CublasLt.clearlyFaster(0.96, 1.00));
        assertFalse(CublasLt.clearlyFaster(0.98, 1.00));
        assertFalse(CublasLt.clearlyFaster(1.00, 1.00));
        assertFalse(CublasLt.clearlyFaster(1.10, 1.00));
    }

    @Test
    void theChoiceDependsOnTheTimingsNotOnNoiseWithinTheMargin() {
        double[] a = {0.100, 0.0995, 0.080, 0.0799};
        double[] b = {0.100, 0.1005, 0.080, 0.0801};
        assertEquals(2, CublasLt.choose(a));
        assertEquals(CublasLt.choose(a), CublasLt.choose(b), "the same two algorithms, timed a little differently");
    }
}
