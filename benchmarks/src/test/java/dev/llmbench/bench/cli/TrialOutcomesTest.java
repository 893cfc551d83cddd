package dev.llmbench.bench.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one-line reason drawn from an exception as JMH prints it. */
class TrialOutcomesTest {

    @Test
    void ourExceptionsGiveTheirMessage() {
        String printed = "dev.llmbench.cuda.CudaException: cudaMalloc failed: cudaErrorMemoryAllocation (out of memory)\n"
                + "\tat dev.llmbench.cuda.DeviceMemory.allocate(DeviceMemory.java:30)\n"
                + "\tat dev.llmbench.bench.DecoderBenchmark.build(DecoderBenchmark.java:105)\n";
        assertEquals("cudaMalloc failed: cudaErrorMemoryAllocation (out of memory)", TrialOutcomes.reason(printed));
    }

    @Test
    void otherExceptionsKeepTheirSimpleName() {
        String printed = "java.lang.NumberFormatException: For input string: \"x\"\n\tat java.base/java.lang.Integer.parseInt\n"
                + "Caused by: java.lang.IllegalStateException: hidden\n";
        assertEquals("NumberFormatException: For input string: \"x\"", TrialOutcomes.reason(printed));
        assertEquals("NullPointerException", TrialOutcomes.reason("java.lang.NullPointerException\n\tat a.B.c(B.java:1)\n"));
    }

    @Test
    void aMessageOfSeveralLinesBecomesOneLine() {
        assertEquals("first line second line",
                TrialOutcomes.reason("dev.llmbench.LlmbenchException: first line\nsecond line\n\tat a.B.c(B.java:1)\n"));
    }
}
