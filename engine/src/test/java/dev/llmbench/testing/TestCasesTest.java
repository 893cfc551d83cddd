package dev.llmbench.testing;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A skipped class is counted by the cases it holds, not as one. (The sample classes are private: no launcher runs them.) */
class TestCasesTest {

    @Test
    void countsEachKindOfTest() {
        // 1 plain test, 3 values, 2 enum constants, 7 from a named method, 4 dynamic tests, 5 from the same-named method
        assertEquals(new TestCases(1 + 3 + 2 + 7 + 4 + 5, true), TestCases.of(Sample.class));
    }

    @Test
    void aSourceThatFailsCountsOnceAsALowerBound() {
        TestCases c = TestCases.of(NeedsAGpu.class);
        assertEquals(new TestCases(2, false), c);
        assertEquals("at least 2", c.describe());
    }

    @SuppressWarnings({"unused", "JUnitMalformedDeclaration"})
    private static class Sample {
        @Test
        void plain() {
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3})
        void values(int i) {
        }

        @ParameterizedTest
        @EnumSource(value = TimeUnit.class, names = {"SECONDS", "DAYS"})
        void enums(TimeUnit u) {
        }

        @ParameterizedTest
        @MethodSource("seven")
        void fromMethod(int i) {
        }

        static IntStream seven() {
            return IntStream.range(0, 7);
        }

        @TestFactory
        Stream<DynamicTest> factory() {
            return IntStream.range(0, 4).mapToObj(i -> DynamicTest.dynamicTest("case " + i, () -> { }));
        }

        @ParameterizedTest
        @MethodSource
        void sameName(String s) {
        }

        static Stream<String> sameName() {
            return Stream.of("a", "b", "c", "d", "e");
        }
    }

    @SuppressWarnings({"unused", "JUnitMalformedDeclaration"})
    private static class NeedsAGpu {
        @Test
        void plain() {
        }

        @ParameterizedTest
        @MethodSource("sizes")
        void sized(int n) {
        }

        static IntStream sizes() {
            throw new IllegalStateException("no usable CUDA device");
        }
    }
}
