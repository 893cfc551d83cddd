package dev.llmbench.cuda;

import dev.llmbench.testing.GpuFixture;
import dev.llmbench.testing.GpuTest;
import dev.llmbench.testing.Random;
import dev.llmbench.testing.ReferenceMath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static dev.llmbench.testing.KernelChecks.*;

/**
 * bias_act and swiglu (activations.cuh) against double-precision activations in Java, with the kernel's
 * roundings to the storage type: the bias add is rounded before the activation, silu(gate) is rounded
 * before the product with up. Inputs lie in [-3, 3) so every activation's curved part is exercised.
 */
@GpuTest
class ActivationKernelsTest {
    private static final int ROWS = 37;
    /** Threads of the largest elementwise grid (65535 blocks of 256): more elements take the grid-stride loop. */
    private static final long ONE_GRID = 65_535L * 256;

    private final Kernels k = GpuFixture.kernels();
    private final Stream stream = GpuFixture.stream();

    static List<Arguments> biasActCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType t : FLOAT_TYPES) {
            for (int m : new int[] {96, 1001}) { // 96: 16-byte accesses; 1001: the scalar loop
                for (int act : new int[] {0, 1, 2, 3, 4, 6}) { // 5 is SwiGLU, two inputs
                    cases.add(Arguments.of(t, m, act, true));
                    cases.add(Arguments.of(t, m, act, false));
                }
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} M={1} act={2} bias={3}")
    @MethodSource("biasActCases")
    void biasActMatchesJava(DType t, int m, int act, boolean withBias) {
        long seed = Random.freshSeed();
        String ctx = "bias_act " + t + " N=" + ROWS + " M=" + m + " act=" + act + " bias=" + withBias + " seed=" + seed;
        float[] x = stored(t, ROWS * m, seed, 3.0f);
        float[] bias = stored(t, m, seed + 1, 0.5f);
        float[] want = biasActReference(t, x, withBias ? bias : null, m, act);
        try (DeviceBuffer dx = upload("x", t, x); DeviceBuffer dBias = upload("bias", t, bias)) {
            settle();
            k.biasAct(dx, withBias ? dBias : null, ROWS, m, act).run(stream);
            finish();
            float[] got = dx.toFloats();
            if (act == 0 || act == 2) {
                assertExact(got, want, ctx); // one rounded add and a select: fully determined
            } else {
                assertClose(t, got, want, ctx);
            }
        }
    }

    /** The column index is tracked incrementally along the grid-stride loop: check it past one grid. */
    @Test
    void biasActKeepsColumnsAcrossTheGridStride() {
        DType t = DType.F16;
        int m = 1001, n = (int) (ONE_GRID / m + 2); // n * m > ONE_GRID
        long seed = Random.freshSeed();
        float[] x = stored(t, n * m, seed, 3.0f);
        float[] bias = stored(t, m, seed + 1, 0.5f);
        float[] want = biasActReference(t, x, bias, m, 0);
        try (DeviceBuffer dx = upload("x", t, x); DeviceBuffer dBias = upload("bias", t, bias)) {
            settle();
            k.biasAct(dx, dBias, n, m, 0).run(stream);
            finish();
            assertExact(dx.toFloats(), want, "bias_act F16 N=" + n + " M=" + m + " act=0 bias seed=" + seed);
        }
    }

    private static float[] biasActReference(DType t, float[] x, float[] bias, int m, int act) {
        float[] want = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            float v = bias == null ? x[i] : HalfFloats.roundTo(t, x[i] + bias[i % m]);
            want[i] = round(t, ReferenceMath.act(act, v));
        }
        return want;
    }

    static List<Arguments> swigluCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType t : FLOAT_TYPES) {
            for (int inner : new int[] {96, 1001}) cases.add(Arguments.of(t, inner));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} I={1}")
    @MethodSource("swigluCases")
    void swigluMatchesJava(DType t, int inner) {
        long seed = Random.freshSeed();
        checkSwiglu(t, ROWS, inner, seed, "swiglu " + t + " N=" + ROWS + " I=" + inner + " seed=" + seed);
    }

    /** Row and column are tracked incrementally along the grid-stride loop: check them past one grid. */
    @Test
    void swigluKeepsRowsAndColumnsAcrossTheGridStride() {
        int inner = 1001, n = (int) (ONE_GRID / inner + 2);
        long seed = Random.freshSeed();
        checkSwiglu(DType.F16, n, inner, seed, "swiglu F16 N=" + n + " I=" + inner + " seed=" + seed);
    }

    private void checkSwiglu(DType t, int n, int inner, long seed, String ctx) {
        float[] gateUp = stored(t, n * 2 * inner, seed, 3.0f);
        float[] want = new float[n * inner];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < inner; c++) {
                float g = gateUp[r * 2 * inner + c], u = gateUp[r * 2 * inner + inner + c];
                float s = round(t, ReferenceMath.silu(g));
                want[r * inner + c] = HalfFloats.roundTo(t, s * u);
            }
        }
        try (DeviceBuffer dIn = upload("gate_up", t, gateUp); DeviceBuffer out = poisoned("out", t, (long) n * inner)) {
            settle();
            k.swiglu(out, dIn, n, inner).run(stream);
            finish();
            assertClose(t, out.toFloats(), want, ctx);
        }
    }
}
