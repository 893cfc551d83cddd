package dev.llmbench.bench.plot;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BenchmarkLabelsTest {

    private static final String B1 = "DecoderBenchmark.generate [sample] batchSize=1,mode=plugin,model=gpt_350m";
    private static final String B8 = "DecoderBenchmark.generate [sample] batchSize=8,mode=plugin,model=gpt_350m";

    @Test
    void keepsTheMethodAndTheParametersThatDiffer() {
        assertEquals(Map.of(B1, "generate batchSize=1", B8, "generate batchSize=8"), BenchmarkLabels.of(List.of(B1, B8)));
    }

    @Test
    void keepsTheModeWhenModesDifferAndDropsParametersOfOneBenchmarkOnly() {
        String kernel = "KernelBenchmark.matmul [thrpt] size=4096";

        assertEquals(Map.of(B1, "generate [sample] batchSize=1", B8, "generate [sample] batchSize=8",
                kernel, "matmul [thrpt]"), BenchmarkLabels.of(List.of(B1, B8, kernel)));
    }

    @Test
    void keepsTheKeysWhenShortLabelsWouldBeEqual() {
        String other = "OtherBenchmark.generate [sample] batchSize=1,mode=plugin,model=gpt_350m";

        assertEquals(Map.of(B1, B1, other, other), BenchmarkLabels.of(List.of(B1, other)));
    }
}
