package dev.llmbench.weights;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.DType;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * AWQ's and GPTQ's packed int4 layouts read back: codes, zero points and scales packed here as each format's
 * published packer does (GPTQ: eight inputs a word down the input dimension, zeros stored minus one; AWQ: eight
 * outputs a word in the order 0, 2, 4, 6, 1, 3, 5, 7) come out where they went in, and the weight is
 * (code − zero) × scale.
 */
class PackedInt4Test {
    private static final int OUT = 24, IN = 64, GROUP = 32, GROUPS = IN / GROUP;

    private final SplittableRandom random = new SplittableRandom(dev.llmbench.testing.Random.freshSeed());
    private final int[][] codes = new int[OUT][IN];   // [n][k]
    private final int[][] zeros = new int[GROUPS][OUT];
    private final float[][] scales = new float[GROUPS][OUT];

    PackedInt4Test() {
        // every zero point occurs, 0 (GPTQ's wrap-around) included
        for (int[] row : codes) for (int k = 0; k < IN; k++) row[k] = random.nextInt(16);
        for (int g = 0; g < GROUPS; g++) {
            for (int n = 0; n < OUT; n++) {
                zeros[g][n] = (g * OUT + n) % 16 == 0 ? 0 : random.nextInt(16); // GPTQ stores (zero - 1) mod 16: a zero of 0 as 15
                scales[g][n] = 0.01f + random.nextFloat() * 0.05f;
            }
        }
    }

    private float[] flatScales() {
        float[] s = new float[GROUPS * OUT];
        for (int g = 0; g < GROUPS; g++) for (int n = 0; n < OUT; n++) s[g * OUT + n] = scales[g][n];
        return s;
    }

    private void assertUnpacked(QuantizedWeight q) {
        float[] w = q.dequantized();
        for (int n = 0; n < OUT; n++) {
            for (int k = 0; k < IN; k++) {
                assertEquals(codes[n][k], (int) q.codes()[n * IN + k], "code of output " + n + ", input " + k);
                int g = k / GROUP;
                assertEquals((codes[n][k] - zeros[g][n]) * scales[g][n], w[n * IN + k], 1e-7f, "weight " + n + ", " + k);
            }
        }
    }

    @Test
    void gptqUnpacksInputsDownTheWordAndZerosPlusOne() {
        int[] qweight = new int[IN / 8 * OUT];
        for (int k = 0; k < IN; k++) for (int n = 0; n < OUT; n++) qweight[(k / 8) * OUT + n] |= codes[n][k] << (4 * (k % 8));
        int[] qzeros = new int[GROUPS * OUT / 8];
        for (int g = 0; g < GROUPS; g++) for (int n = 0; n < OUT; n++) qzeros[g * OUT / 8 + n / 8] |= ((zeros[g][n] - 1) & 0xF) << (4 * (n % 8));
        int[] gIdx = new int[IN];
        for (int k = 0; k < IN; k++) gIdx[k] = k / GROUP;
        assertUnpacked(PackedInt4.gptq(qweight, qzeros, flatScales(), gIdx, OUT, IN, GROUP, true, DType.F16));
    }

    @Test
    void gptqV2StoresTheZeroItself() {
        int[] qweight = new int[IN / 8 * OUT];
        for (int k = 0; k < IN; k++) for (int n = 0; n < OUT; n++) qweight[(k / 8) * OUT + n] |= codes[n][k] << (4 * (k % 8));
        int[] qzeros = new int[GROUPS * OUT / 8];
        for (int g = 0; g < GROUPS; g++) for (int n = 0; n < OUT; n++) qzeros[g * OUT / 8 + n / 8] |= zeros[g][n] << (4 * (n % 8));
        assertUnpacked(PackedInt4.gptq(qweight, qzeros, flatScales(), null, OUT, IN, GROUP, false, DType.F16));
    }

    @Test
    void awqUnpacksOutputsInItsInterleavedOrder() {
        int[] order = {0, 2, 4, 6, 1, 3, 5, 7};
        int[] qweight = new int[IN * OUT / 8];
        for (int k = 0; k < IN; k++) {
            for (int j = 0; j < OUT / 8; j++) {
                for (int i = 0; i < 8; i++) qweight[k * OUT / 8 + j] |= codes[8 * j + order[i]][k] << (4 * i);
            }
        }
        int[] qzeros = new int[GROUPS * OUT / 8];
        for (int g = 0; g < GROUPS; g++) {
            for (int j = 0; j < OUT / 8; j++) {
                for (int i = 0; i < 8; i++) qzeros[g * OUT / 8 + j] |= zeros[g][8 * j + order[i]] << (4 * i);
            }
        }
        assertUnpacked(PackedInt4.awq(qweight, qzeros, flatScales(), OUT, IN, GROUP, DType.F16));
    }

    @Test
    void actOrderAndOddShapesAreRefusedByName() {
        int[] gIdx = new int[IN];
        for (int k = 0; k < IN; k++) gIdx[k] = (IN - 1 - k) / GROUP; // reordered groups
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> PackedInt4.gptq(new int[IN / 8 * OUT],
                new int[GROUPS * OUT / 8], new float[GROUPS * OUT], gIdx, OUT, IN, GROUP, true, DType.F16));
        assertTrue(e.getMessage().startsWith("GPTQ weight with act-order (g_idx[0] = 1, not 0)"), e.getMessage());
        assertThrows(LlmbenchException.class, () -> PackedInt4.awq(new int[1], new int[1], new float[1], 8, 12, 4, DType.F16));
        assertThrows(LlmbenchException.class, () -> PackedInt4.awq(new int[3], new int[1], new float[8], 8, 8, 8, DType.F16));
    }
}
