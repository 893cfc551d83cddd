package dev.llmbench.runtime;

import dev.llmbench.families.ModelRegistry;
import dev.llmbench.model.Precision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The floor of a generate, against the floors the performance issue computed by hand for an H200 with the
 * ceilings of its sitting (copy 4262 GB/s, fp16 GEMM 771 TFLOP/s), to the two decimals it gave.
 */
class FloorTest {
    private static final Floor.Ceilings H200 = new Floor.Ceilings(4262, 771);

    @ParameterizedTest(name = "{0} batch {1} in,out {2},{3}: {4} ms")
    @CsvSource({
            "gpt_350m, 1, 60, 20, 3.24",
            "gpt_350m, 8, 60, 20, 3.78",
            "gpt_350m, 64, 60, 20, 8.15",
            "gpt_350m, 64, 128, 20, 13.52",
            "llama_7b, 1, 60, 20, 60.08",
            "llama_7b, 8, 128, 20, 78.74",
            "llama_7b, 64, 128, 20, 217.55"})
    void matchesTheFloorsComputedByHand(String model, int batch, int in, int out, double expected) {
        double floor = Floor.millis(ModelRegistry.get(model), Precision.FLOAT16, batch, in, out, H200);
        assertEquals(expected, floor, 0.005, model);
    }

    /**
     * mixtral_8x7b, one generation step (in 1, out 2) with a near-infinite GEMM rate, counted by hand: per layer
     * attention 25,165,824 + 16,777,216 and router 32,768 weights, one expert 176,160,768 (up 2·14336·4096,
     * down 4096·14336), LM head 131,072,000; batch 1 reads 2 experts a layer, batch 64 all 8; fp16, and the KV
     * cache of 2 positions (2·B·32 layers·8 heads·128·2 bytes each).
     */
    @ParameterizedTest(name = "mixtral_8x7b batch {0}: {1} ms")
    @CsvSource({"1, 5.9825", "64, 21.8582"})
    void aMixtureReadsOnlyTheExpertsAStepCanSelect(int batch, double expected) {
        double floor = Floor.millis(ModelRegistry.get("mixtral_8x7b"), Precision.FLOAT16, batch, 1, 2, new Floor.Ceilings(4262, 1e12));
        assertEquals(expected, floor, 0.0005);
    }

    @Test
    void float32ReadsTwiceTheBytesOfFloat16() {
        var llama = ModelRegistry.get("llama_7b");
        double fp16 = Floor.millis(llama, Precision.FLOAT16, 1, 60, 20, new Floor.Ceilings(4262, 1e9));
        double fp32 = Floor.millis(llama, Precision.FLOAT32, 1, 60, 20, new Floor.Ceilings(4262, 1e9));
        assertEquals(2.0, fp32 / fp16, 1e-3, "with a near-infinite GEMM rate only the bytes count");
    }

    @Test
    void ceilingsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Floor.Ceilings(0, 771));
        assertThrows(IllegalArgumentException.class, () -> new Floor.Ceilings(4262, Double.NaN));
    }
}
