package dev.llmbench.weights;

import dev.llmbench.cuda.DType;
import dev.llmbench.cuda.HalfFloats;
import dev.llmbench.model.Precision;
import dev.llmbench.model.Quantization;
import dev.llmbench.runtime.Numerics;
import dev.llmbench.runtime.WeightFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Round-to-nearest quantization in every weight format, on a weight with rows of very different ranges (so a
 * per-tensor scale and a per-row scale differ) and an odd row count: codes stay in their range, the stored
 * scales are in the dense type, and each element's error is within its format's half step (a whole step where
 * GPTQ's zero point shifts the grid; e4m3's relative step for fp8).
 */
class QuantizerTest {
    private static final int OUT = 37, IN = 256;

    private static float[] weight(long seed) {
        Random r = new Random(seed);
        float[] w = new float[OUT * IN];
        for (int row = 0; row < OUT; row++) {
            float range = 0.01f + row * 0.05f;
            for (int c = 0; c < IN; c++) w[row * IN + c] = (float) (r.nextGaussian() * range);
        }
        return w;
    }

    @ParameterizedTest
    @EnumSource(value = Quantization.class, names = {"INT8_WEIGHT_ONLY", "INT4_WEIGHT_ONLY", "INT4_WEIGHT_ONLY_AWQ",
            "INT4_WEIGHT_ONLY_GPTQ", "INT8_SQ_PER_TENSOR", "FP8"})
    void codesScalesAndErrorsAreThoseOfTheFormat(Quantization quantization) {
        WeightFormat f = Numerics.of(Precision.FLOAT16, quantization).weights();
        float[] w = weight(quantization.ordinal());
        QuantizedWeight q = Quantizer.quantize(w, OUT, IN, f);
        float[] back = q.dequantized();
        for (float s : q.scales()) assertEquals(HalfFloats.roundTo(DType.F16, s), s, "scales are stored in float16");
        for (int r = 0; r < OUT; r++) {
            for (int c = 0; c < IN; c++) {
                int i = r * IN + c;
                float code = q.codes()[i], scale = q.scales()[q.scaleIndex(r, c)];
                String at = quantization.id + " (" + r + ", " + c + "): w " + w[i] + ", back " + back[i] + ", scale " + scale;
                switch (f.codes()) {
                    case INT8 -> assertTrue(code == Math.rint(code) && code >= -128 && code <= 127, at);
                    case INT4 -> assertTrue(code == Math.rint(code) && (f.zeroPoints() ? code >= 0 && code <= 15 : code >= -8 && code <= 7), at);
                    case FP8_E4M3 -> assertEquals(Quantizer.e4m3(code), code, at);
                    case DENSE -> fail();
                }
                double error = Math.abs(back[i] - w[i]);
                double bound = switch (f.codes()) {
                    case FP8_E4M3 -> Math.abs(w[i]) / 16 + scale * Math.scalb(1.0, -9);
                    default -> (f.zeroPoints() ? 1.0 : 0.5) * scale * (1 + 1e-3);
                };
                assertTrue(error <= bound, at + ": error " + error + " > " + bound);
            }
        }
    }

    @Test
    void perChannelScalesFollowEachRowAndPerTensorOneForAll() {
        float[] w = weight(7);
        QuantizedWeight channel = Quantizer.quantize(w, OUT, IN, Numerics.of(Precision.FLOAT16, Quantization.INT8_WEIGHT_ONLY).weights());
        QuantizedWeight tensor = Quantizer.quantize(w, OUT, IN, Numerics.of(Precision.FLOAT16, Quantization.INT8_SQ_PER_TENSOR).weights());
        assertEquals(OUT, channel.scales().length);
        assertEquals(1, tensor.scales().length);
        assertTrue(channel.scales()[OUT - 1] > 50 * channel.scales()[0], "the last row's range is 181× the first's");
        QuantizedWeight groups = Quantizer.quantize(w, OUT, IN, Numerics.of(Precision.FLOAT16, Quantization.INT4_WEIGHT_ONLY_AWQ).weights());
        assertEquals(OUT * IN / 128, groups.scales().length);
    }

    @Test
    void e4m3RoundsToNearestEvenAndSaturates() {
        assertEquals(1.0f, Quantizer.e4m3(1.0625f), "a tie goes to the even mantissa (8 of 8.5)");
        assertEquals(1.25f, Quantizer.e4m3(1.1875f), "a tie goes to the even mantissa (10 of 9.5)");
        assertEquals(448f, Quantizer.e4m3(500f));
        assertEquals(-448f, Quantizer.e4m3(-1e9f));
        assertEquals((float) Math.scalb(1.0, -9), Quantizer.e4m3((float) Math.scalb(3.0, -11)), "subnormal step 2^-9");
        assertEquals(0f, Quantizer.e4m3((float) Math.scalb(1.0, -11)));
    }

    @Test
    void aGroupThatDoesNotDivideTheRowIsRefused() {
        WeightFormat awq = Numerics.of(Precision.FLOAT16, Quantization.INT4_WEIGHT_ONLY_AWQ).weights();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Quantizer.quantize(new float[96 * 2], 2, 96, awq));
        assertEquals("groups of 128 do not divide a row of 96 inputs", e.getMessage());
    }
}
