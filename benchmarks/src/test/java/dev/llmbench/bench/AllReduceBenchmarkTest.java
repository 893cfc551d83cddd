package dev.llmbench.bench;

import dev.llmbench.LlmbenchException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The all-reduce benchmark's parameter checks that come before any GPU work. */
class AllReduceBenchmarkTest {

    @Test
    void aMessageThatIsNotWholeElementsIsRefusedByName() {
        AllReduceBenchmark b = new AllReduceBenchmark();
        b.bytes = 3;
        b.precision = "float16";
        b.worldSize = 1;
        assertEquals("-p bytes=3: a message of float16 is a whole number of 2-byte elements",
                assertThrows(LlmbenchException.class, b::open).getMessage());
        b.bytes = 2;
        b.precision = "float32";
        assertEquals("-p bytes=2: a message of float32 is a whole number of 4-byte elements",
                assertThrows(LlmbenchException.class, b::open).getMessage());
    }
}
