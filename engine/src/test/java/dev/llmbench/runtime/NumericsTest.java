package dev.llmbench.runtime;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.DType;
import dev.llmbench.families.ModelRegistry;
import dev.llmbench.model.Precision;
import dev.llmbench.model.Quantization;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class NumericsTest {

    @Test
    void aPrecisionStoresEverythingInOneType() {
        Numerics bf16 = Numerics.of(Precision.BFLOAT16);
        assertEquals(DType.BF16, bf16.activations());
        assertEquals(WeightFormat.dense(DType.BF16), bf16.weights());
        assertEquals(2, bf16.kvCacheBytes());
        assertEquals(DType.F32, Numerics.of(Precision.FLOAT32).denseType());
    }

    /**
     * The GPU engine runs the dense values and the weight-only ones (int8 per channel; int4 per channel, AWQ's and
     * GPTQ's groups), activations in the precision; every other quantized value is refused by name, not run dense.
     */
    @Test
    void onlyTheWeightOnlyQuantizedValuesRun() {
        java.util.Set<Quantization> weightOnly = java.util.EnumSet.of(Quantization.INT8_WEIGHT_ONLY, Quantization.INT4_WEIGHT_ONLY,
                Quantization.INT4_WEIGHT_ONLY_AWQ, Quantization.INT4_WEIGHT_ONLY_GPTQ);
        for (Quantization q : weightOnly) assertEquals(DType.BF16, Numerics.of(Precision.BFLOAT16, q).denseType(), q.id);
        LlmbenchException e = assertThrows(LlmbenchException.class,
                () -> Numerics.of(Precision.FLOAT16, Quantization.INT8_SQ_PER_TENSOR).denseType());
        assertEquals("quantization int8_sq_per_tensor (weights int8 per tensor) is not implemented in the GPU engine yet",
                e.getMessage());
        for (Quantization q : Quantization.values()) {
            if (q == Quantization.NONE || weightOnly.contains(q)) continue;
            assertThrows(LlmbenchException.class, () -> Numerics.of(Precision.FLOAT16, q).requireImplemented(), q.id);
        }
    }

    @Test
    void quantizationKeepsSixteenBitActivations() {
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> Numerics.of(Precision.FLOAT32, Quantization.FP8));
        assertEquals("quantization fp8 runs with float16 or bfloat16 activations, not float32", e.getMessage());
        Numerics fp8 = Numerics.of(Precision.BFLOAT16, Quantization.FP8);
        assertEquals(1, fp8.kvCacheBytes());
        assertEquals(Numerics.ActivationScales.FP8_PER_TENSOR, fp8.activationScales());
        assertEquals(2, Numerics.of(Precision.BFLOAT16, Quantization.FP8_GEMM).kvCacheBytes());
        assertFalse(Numerics.of(Precision.FLOAT16, Quantization.FP8_KV_CACHE).weights().quantized());
    }

    /** Bytes as each format stores an (out, in) = (4096, 4096) weight, counted by hand. */
    @Test
    void weightBytesCountCodesScalesAndZeroPoints() {
        long out = 4096, in = 4096, codes8 = out * in, codes4 = out * in / 2;
        assertEquals(2 * out * in, Numerics.of(Precision.FLOAT16).weights().bytes(out, in));
        assertEquals(codes8 + 2 * out, Numerics.of(Precision.FLOAT16, Quantization.INT8_WEIGHT_ONLY).weights().bytes(out, in));
        assertEquals(codes4 + 2 * out, Numerics.of(Precision.FLOAT16, Quantization.INT4_WEIGHT_ONLY).weights().bytes(out, in));
        long groups = out * (in / 128);
        assertEquals(codes4 + 2 * groups, Numerics.of(Precision.FLOAT16, Quantization.INT4_WEIGHT_ONLY_AWQ).weights().bytes(out, in));
        assertEquals(codes4 + 2 * groups + groups / 2,
                Numerics.of(Precision.FLOAT16, Quantization.INT4_WEIGHT_ONLY_GPTQ).weights().bytes(out, in));
        assertEquals(codes8 + 2, Numerics.of(Precision.FLOAT16, Quantization.INT8_SQ_PER_TENSOR).weights().bytes(out, in));
    }

    @Test
    void aGroupThatDoesNotDivideARowIsNamed() {
        Numerics awq = Numerics.of(Precision.FLOAT16, Quantization.INT4_WEIGHT_ONLY_AWQ);
        assertNull(awq.problemWith(ModelRegistry.get("llama_7b")));
        // falcon_7b: 71 heads of 64, hidden 4544 = 35.5 groups of 128
        assertEquals("quantization int4_weight_only_awq cannot store falcon_7b: groups of 128 do not divide a row of 4544 inputs",
                awq.problemWith(ModelRegistry.get("falcon_7b")));
    }

    /**
     * The floor reads what the format stores. llama_7b, one step at batch 1, counted by hand: 6,476,005,376 block
     * weights, a 131,072,000-weight LM head and 1,048,576 bytes of cache; float16 13,215,203,328 bytes; int4 per
     * channel 3,238,002,688 code bytes + 42,496 scales a layer × 32 × 2 bytes + the 16-bit head and cache =
     * 3,503,915,008 bytes.
     */
    @Test
    void theFloorCountsTheQuantizedBytes() {
        var llama = ModelRegistry.get("llama_7b");
        Floor.Ceilings bandwidthOnly = new Floor.Ceilings(4000, 1e12);
        double fp16 = Floor.millis(llama, Numerics.of(Precision.FLOAT16), 1, 1, 2, bandwidthOnly);
        double int4 = Floor.millis(llama, Numerics.of(Precision.FLOAT16, Quantization.INT4_WEIGHT_ONLY), 1, 1, 2, bandwidthOnly);
        assertEquals(13_215_203_328.0 / 3_503_915_008.0, fp16 / int4, 1e-9);
    }
}
