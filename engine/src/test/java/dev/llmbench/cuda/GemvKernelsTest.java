package dev.llmbench.cuda;

import dev.llmbench.testing.GpuFixture;
import dev.llmbench.testing.GpuTest;
import dev.llmbench.testing.Random;
import dev.llmbench.testing.ReferenceMath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static dev.llmbench.testing.KernelChecks.*;

/**
 * gemv (gemv.cuh): y (M, N) = act(x (M, K) W (N, K)^T + bias), F16 and BF16, against a double product in
 * Java with the activation applied and one rounding. K = 64 leaves most lanes of a warp without a load,
 * K = 4096 runs the unrolled loop, K = 520 ends in a partial sweep; N = 1003 (not a multiple of the 4
 * output columns of a block) leaves the last block partly idle.
 */
@GpuTest
class GemvKernelsTest {
    private final Kernels k = GpuFixture.kernels();
    private final Stream stream = GpuFixture.stream();

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType t : new DType[] {DType.F16, DType.BF16}) {
            for (int m : new int[] {1, 3, 8}) {
                for (int n : new int[] {100, 1000, 1003}) {
                    for (int kk : new int[] {64, 4096}) {
                        for (int act = 0; act <= 2; act++) {
                            cases.add(Arguments.of(t, m, n, kk, act, true));
                            cases.add(Arguments.of(t, m, n, kk, act, false));
                        }
                    }
                }
            }
            cases.add(Arguments.of(t, 5, 1000, 520, 1, true)); // K not a multiple of the 256-element lane sweep
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} M={1} N={2} K={3} act={4} bias={5}")
    @MethodSource("cases")
    void gemvMatchesJava(DType t, int m, int n, int kk, int act, boolean withBias) {
        long seed = Random.freshSeed();
        String ctx = "gemv " + t + " M=" + m + " N=" + n + " K=" + kk + " act=" + act + " bias=" + withBias + " seed=" + seed;
        float[] x = stored(t, m * kk, seed, 1.0f);
        float[] w = stored(t, n * kk, seed + 1, (float) (1.7 / Math.sqrt(kk))); // outputs of order one
        float[] bias = stored(t, n, seed + 2, 0.5f);

        float[] want = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = withBias ? bias[j] : 0;
                for (int e = 0; e < kk; e++) acc += (double) x[i * kk + e] * w[j * kk + e];
                want[i * n + j] = round(t, ReferenceMath.act(act, acc));
            }
        }

        try (DeviceBuffer dy = poisoned("y", t, (long) m * n); DeviceBuffer dx = upload("x", t, x);
             DeviceBuffer dw = upload("w", t, w); DeviceBuffer dBias = upload("bias", t, bias)) {
            settle();
            k.gemv(dy, dx, dw, withBias ? dBias : null, m, n, kk, act).run(stream);
            finish();
            assertClose(t, dy.toFloats(), want, ctx);
        }
    }

    /**
     * gemv_gated: where any of the M rows chose expert 2 of 4 (a non-zero gate) it is gemv; where none did, y is not
     * touched (it keeps the 0xFF poison).
     */
    @ParameterizedTest(name = "{0} M={1} chosen={2}")
    @MethodSource("gatedCases")
    void gemvGatedRunsOnlyForAChosenExpert(DType t, int m, boolean chosen) {
        long seed = Random.freshSeed();
        int n = 1003, kk = 520, experts = 4, expert = 2;
        String ctx = "gemv_gated " + t + " M=" + m + " chosen=" + chosen + " seed=" + seed;
        float[] x = stored(t, m * kk, seed, 1.0f);
        float[] w = stored(t, n * kk, seed + 1, (float) (1.7 / Math.sqrt(kk)));
        float[] gates = new float[m * experts];
        gates[(m - 1) * experts + 1] = 0.6f; // another expert's gate never counts
        if (chosen) gates[(m - 1) * experts + expert] = 0.4f; // only the last row chose it
        float[] want = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int e = 0; e < kk; e++) acc += (double) x[i * kk + e] * w[j * kk + e];
                want[i * n + j] = round(t, acc);
            }
        }
        try (DeviceBuffer dy = poisoned("y", t, (long) m * n); DeviceBuffer dx = upload("x", t, x);
             DeviceBuffer dw = upload("w", t, w); DeviceBuffer dGates = upload("gates", DType.F32, gates)) {
            settle();
            k.gemvGated(dy, dx, dw, null, m, n, kk, 0, dGates, experts, expert).run(stream);
            finish();
            float[] got = dy.toFloats();
            if (chosen) {
                assertClose(t, got, want, ctx);
            } else {
                for (int i = 0; i < got.length; i++) {
                    if (!Float.isNaN(got[i])) throw new AssertionError(ctx + ": y[" + i + "] = " + got[i] + " was written");
                }
            }
        }
    }

    static List<Arguments> gatedCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType t : new DType[] {DType.F16, DType.BF16}) {
            for (int m : new int[] {1, 8}) {
                cases.add(Arguments.of(t, m, true));
                cases.add(Arguments.of(t, m, false));
            }
        }
        return cases;
    }
}
