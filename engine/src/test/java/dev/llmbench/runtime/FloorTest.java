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
     * gpt_350m batch 1, 60+20 tokens, by phase, counted by hand: the context's 36,520,591,360 FLOPs (2·60·301,989,888
     * block weights, 2·52,428,800 of the LM head, 2·60²·1024·24 of attention) at 771 TFLOP/s, then 19 steps of
     * 708,837,376 weight bytes and the KV cache of 61..79 positions (98,304 bytes each) at 4262 GB/s.
     */
    @Test
    void theFloorSplitsIntoTheContextAndItsSteps() {
        Floor.Generate phases = Floor.generate(ModelRegistry.get("gpt_350m"), Numerics.of(Precision.FLOAT16), 1, 60, 20, H200);
        assertEquals(36_520_591_360.0 / 771e12 * 1e3, phases.contextMillis(), 1e-9);
        assertEquals((19 * 708_837_376.0 + 98_304.0 * 1330) / 4262e9 * 1e3, phases.stepsMillis(), 1e-9);
        assertEquals(19, phases.steps());
        assertEquals(phases.stepsMillis() / 19, phases.meanStep(), 1e-12);
        assertEquals(Floor.millis(ModelRegistry.get("gpt_350m"), Precision.FLOAT16, 1, 60, 20, H200), phases.total(), 1e-12);
        assertEquals(0, Floor.generate(ModelRegistry.get("gpt_350m"), Numerics.of(Precision.FLOAT16), 1, 60, 1, H200).meanStep());
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

    /** The probe's median of its timed runs, of an odd and of an even count. */
    @Test
    void theProbesMedian() {
        assertEquals(2.0, CeilingProbe.median(new double[] {3, 1, 2}));
        assertEquals(2.5, CeilingProbe.median(new double[] {4, 1, 3, 2}));
    }
}
