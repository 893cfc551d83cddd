package dev.llmbench.bench.results;

import dev.llmbench.LlmbenchException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TimeUnitsTest {

    @Test
    void convertsTimePerOperation() {
        assertEquals(8.75, TimeUnits.toMillisPerOp(8750, "us/op"), 1e-12);
        assertEquals(1500.0, TimeUnits.toMillisPerOp(1.5, "s/op"), 1e-12);
        assertEquals(0.002, TimeUnits.toMillisPerOp(2000, "ns/op"), 1e-15);
        assertEquals(12.5, TimeUnits.toMillisPerOp(12.5, "ms/op"), 0);
    }

    @Test
    void invertsThroughput() {
        assertEquals(4.0, TimeUnits.toMillisPerOp(250, "ops/s"), 1e-12);
        assertEquals(0.5, TimeUnits.toMillisPerOp(2, "ops/ms"), 1e-12);
    }

    @Test
    void rejectsUnitsThatAreNotTimes() {
        assertThrows(LlmbenchException.class, () -> TimeUnits.toMillisPerOp(1, "GB"));
        assertThrows(LlmbenchException.class, () -> TimeUnits.toMillisPerOp(1, "B/op"));
        assertThrows(LlmbenchException.class, () -> TimeUnits.toMillisPerOp(1, "ms/call"));
    }
}
