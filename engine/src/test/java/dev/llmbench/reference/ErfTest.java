package dev.llmbench.reference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** erf against tabulated values (Abramowitz and Stegun, table 7.1, and their 16-digit equivalents). */
class ErfTest {

    @ParameterizedTest
    @CsvSource({
            "0.0, 0.0",
            "0.1, 0.1124629160182849",
            "0.5, 0.5204998778130465",
            "1.0, 0.8427007929497149",
            "2.0, 0.9953222650189527",
            "2.9, 0.9999589021219005",
            "3.0, 0.9999779095030014",
            "3.5, 0.9999992569016276",
            "4.0, 0.9999999845827421",
            "5.0, 0.9999999999984626",
            "-1.0, -0.8427007929497149"})
    void matchesTheTable(double x, double expected) {
        assertEquals(expected, Erf.of(x), 2e-9, "erf(" + x + ")");
    }
}
