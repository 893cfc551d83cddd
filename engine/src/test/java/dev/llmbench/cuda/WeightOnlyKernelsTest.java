package dev.llmbench.cuda;

import dev.llmbench.testing.GpuFixture;
import dev.llmbench.testing.GpuTest;
import dev.llmbench.testing.Random;
import dev.llmbench.testing.ReferenceMath;
import dev.llmbench.weights.RandomInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static dev.llmbench.testing.KernelChecks.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The weight-only kernels (weight_only.cuh), F16 and BF16, against Java (int4's below the int8 ones), codes packed by
 * {@link WeightTiles}: gemv_w8's y (M, N) = act(scale[n] · x (M, K) codes (N, K)^T + bias) as a double product with
 * one rounding; dequantize_w8 and init_codes_i8 exactly. K = 64 leaves most warps without a chunk, K = 592 (18.5
 * chunks of 32) ends in a half chunk and is no multiple of 128, K = 4096 runs the unrolled loop; N = 1003 leaves the
 * last tile partly empty; M = 1, 3, 8 (one n-tile, the narrow entry points), 16, 17 and 64 (the wide ones). Codes cover the
 * whole int8 range (-128 included).
 */
@GpuTest
class WeightOnlyKernelsTest {
    private final Kernels k = GpuFixture.kernels();
    private final Stream stream = GpuFixture.stream();

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType t : new DType[] {DType.F16, DType.BF16}) {
            for (int m : new int[] {1, 3, 8, 16, 17, 64}) {
                for (int n : new int[] {100, 1003}) {
                    for (int kk : new int[] {64, 592, 4096}) {
                        for (int act = 0; act <= 2; act++) {
                            cases.add(Arguments.of(t, m, n, kk, act, act != 1));
                        }
                    }
                }
            }
        }
        return cases;
    }

    private static byte[] codes(int n, long seed) {
        int[] v = Random.ints(n, 256, seed);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (v[i] - 128);
        return b;
    }

    @ParameterizedTest(name = "{0} M={1} N={2} K={3} act={4} bias={5}")
    @MethodSource("cases")
    void gemvW8MatchesJava(DType t, int m, int n, int kk, int act, boolean withBias) {
        long seed = Random.freshSeed();
        String ctx = "gemv_w8 " + t + " M=" + m + " N=" + n + " K=" + kk + " act=" + act + " bias=" + withBias + " seed=" + seed;
        float[] x = stored(t, m * kk, seed, 1.0f);
        byte[] codes = codes(n * kk, seed + 1);
        float[] scales = stored(t, n, seed + 2, (float) (1.7 / Math.sqrt(kk) / 128), (float) (1.7 / Math.sqrt(kk) / 128) * 1.5f);
        float[] bias = stored(t, n, seed + 3, 0.5f);

        float[] want = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int e = 0; e < kk; e++) acc += (double) x[i * kk + e] * codes[j * kk + e];
                acc = acc * scales[j] + (withBias ? bias[j] : 0);
                want[i * n + j] = round(t, ReferenceMath.act(act, acc));
            }
        }
        try (DeviceBuffer dy = poisoned("y", t, (long) m * n); DeviceBuffer dx = upload("x", t, x);
             DeviceBuffer dCodes = upload("codes", int8Tiles(codes, n, kk)); DeviceBuffer dScales = upload("scales", t, scales);
             DeviceBuffer dBias = upload("bias", t, bias)) {
            settle();
            k.gemvW8(dy, dx, dCodes, dScales, withBias ? dBias : null, m, n, kk, act).run(stream);
            finish();
            assertClose(t, dy.toFloats(), want, ctx);
        }
    }

    private static byte[] int8Tiles(byte[] codes, int n, int kk) {
        return WeightTiles.pack(WeightTiles.Bits.INT8, n, kk, (r, c) -> codes[r * kk + c] + 128);
    }

    /** N = 37: three tiles, the last mostly empty; K = 304: nine chunks and a half. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void dequantizeW8IsCodeTimesItsRowsScaleRoundedOnce(DType t) {
        long seed = Random.freshSeed();
        int n = 37, kk = 304;
        byte[] codes = codes(n * kk, seed);
        float[] scales = stored(t, n, seed + 1, 0.01f, 0.02f);
        float[] want = new float[n * kk];
        for (int i = 0; i < want.length; i++) want[i] = round(t, (float) codes[i] * scales[i / kk]);
        try (DeviceBuffer out = poisoned("out", t, (long) n * kk); DeviceBuffer dCodes = upload("codes", int8Tiles(codes, n, kk));
             DeviceBuffer dScales = upload("scales", t, scales)) {
            settle();
            k.dequantizeW8(out, dCodes, dScales, n, kk).run(stream);
            finish();
            assertArrayEquals(want, out.toFloats(), "dequantize_w8 " + t + " seed=" + seed);
        }
    }

    static List<DType> types() {
        return List.of(DType.F16, DType.BF16);
    }

    @Test
    void initCodesAreRintOf127TimesTheSharedUniformStoredPlus128() {
        long seed = Random.freshSeed();
        int n = 100_003;
        try (DeviceBuffer out = DeviceBuffer.allocate("codes", DType.I8, n)) {
            k.initCodesI8(out, seed).run(stream);
            finish();
            byte[] got = out.toBytes();
            int low = 0, high = 0;
            for (int i = 0; i < n; i++) {
                int want = (int) Math.rint(127f * RandomInit.uniform(seed, i));
                int code = (got[i] & 0xFF) - 128;
                assertEquals(want, code, "code " + i + " seed=" + seed);
                if (code == -127) low++;
                if (code == 127) high++;
            }
            assertTrue(low > 0 && high > 0, "codes reach both ends of [-127, 127]");
        }
    }

    /**
     * Int4 shapes: K = 96 (a chunk and a half), 608 (9.5 chunks, no multiple of 128) per channel; 1216 in groups of
     * 64; 4096 in groups of 128 and per channel.
     */
    static List<Arguments> int4Cases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType t : new DType[] {DType.F16, DType.BF16}) {
            for (int m : new int[] {1, 3, 8, 16, 17, 64}) {
                for (int[] kg : new int[][] {{96, 96}, {608, 608}, {1216, 64}, {4096, 128}, {4096, 4096}}) {
                    for (int act = 0; act <= 2; act += 2) cases.add(Arguments.of(t, m, 1003, kg[0], kg[1], act, act == 0));
                }
            }
        }
        return cases;
    }

    /** Random codes 0..15 of a weight (n, kk) in {@link WeightTiles}; {@code unpacked} receives them row-major. */
    private static byte[] int4Codes(int n, int kk, long seed, int[] unpacked) {
        int[] v = Random.ints(n * kk, 16, seed);
        System.arraycopy(v, 0, unpacked, 0, n * kk);
        return WeightTiles.pack(WeightTiles.Bits.INT4, n, kk, (r, c) -> v[r * kk + c]);
    }

    @ParameterizedTest(name = "{0} M={1} N={2} K={3} group={4} act={5} bias={6}")
    @MethodSource("int4Cases")
    void gemvW4MatchesJava(DType t, int m, int n, int kk, int group, int act, boolean withBias) {
        long seed = Random.freshSeed();
        String ctx = "gemv_w4 " + t + " M=" + m + " N=" + n + " K=" + kk + " group=" + group + " act=" + act + " seed=" + seed;
        int groups = kk / group;
        float[] x = stored(t, m * kk, seed, 1.0f);
        int[] code = new int[n * kk];
        byte[] packed = int4Codes(n, kk, seed + 1, code);
        int[] zero = Random.ints(n * groups, 16, seed + 2);
        byte[] zeroBytes = new byte[zero.length];
        for (int i = 0; i < zero.length; i++) zeroBytes[i] = (byte) zero[i];
        float s0 = (float) (1.7 / Math.sqrt(kk) / 8);
        float[] scales = stored(t, n * groups, seed + 3, s0, s0 * 1.5f);
        float[] bias = stored(t, n, seed + 4, 0.5f);

        float[] want = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int e = 0; e < kk; e++) {
                    int g = j * groups + e / group;
                    acc += (double) x[i * kk + e] * (code[j * kk + e] - zero[g]) * scales[g];
                }
                acc += withBias ? bias[j] : 0;
                want[i * n + j] = round(t, ReferenceMath.act(act, acc));
            }
        }
        try (DeviceBuffer dy = poisoned("y", t, (long) m * n); DeviceBuffer dx = upload("x", t, x);
             DeviceBuffer dCodes = upload("codes", packed); DeviceBuffer dScales = upload("scales", t, scales);
             DeviceBuffer dZeros = upload("zeros", zeroBytes); DeviceBuffer dBias = upload("bias", t, bias)) {
            settle();
            k.gemvW4(dy, dx, dCodes, dScales, dZeros, withBias ? dBias : null, m, n, kk, group, act).run(stream);
            finish();
            assertClose(t, dy.toFloats(), want, ctx);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void dequantizeW4IsCodeLessZeroTimesItsGroupsScaleRoundedOnce(DType t) {
        long seed = Random.freshSeed();
        int n = 37, kk = 320, group = 64, groups = kk / group;
        int[] code = new int[n * kk];
        byte[] packed = int4Codes(n, kk, seed, code);
        int[] zero = Random.ints(n * groups, 16, seed + 1);
        byte[] zeroBytes = new byte[zero.length];
        for (int i = 0; i < zero.length; i++) zeroBytes[i] = (byte) zero[i];
        float[] scales = stored(t, n * groups, seed + 2, 0.01f, 0.02f);
        float[] want = new float[n * kk];
        for (int i = 0; i < want.length; i++) {
            int g = (i / kk) * groups + (i % kk) / group;
            want[i] = round(t, (float) (code[i] - zero[g]) * scales[g]);
        }
        try (DeviceBuffer out = poisoned("out", t, (long) n * kk); DeviceBuffer dCodes = upload("codes", packed);
             DeviceBuffer dScales = upload("scales", t, scales); DeviceBuffer dZeros = upload("zeros", zeroBytes)) {
            settle();
            k.dequantizeW4(out, dCodes, dScales, dZeros, n, kk, group).run(stream);
            finish();
            assertArrayEquals(want, out.toFloats(), "dequantize_w4 " + t + " seed=" + seed);
        }
    }

    @Test
    void initCodesI4AreRintOf7Point5TimesTheSharedUniformPlusOne() {
        long seed = Random.freshSeed();
        int bytes = 100_003;
        try (DeviceBuffer out = DeviceBuffer.allocate("codes", DType.I8, bytes)) {
            k.initCodesI4(out, seed).run(stream);
            finish();
            byte[] got = out.toBytes();
            boolean low = false, high = false;
            for (int i = 0; i < bytes; i++) {
                for (int nibble = 0; nibble < 2; nibble++) {
                    int want = (int) Math.rint(7.5f * (RandomInit.uniform(seed, 2L * i + nibble) + 1f));
                    int code = nibble == 0 ? got[i] & 0xF : (got[i] >> 4) & 0xF;
                    assertEquals(want, code, "code " + (2 * i + nibble) + " seed=" + seed);
                    low |= code == 0;
                    high |= code == 15;
                }
            }
            assertTrue(low && high, "codes reach both ends of 0..15");
        }
    }
}
