package dev.llmbench.cuda;

import dev.llmbench.testing.GpuFixture;
import dev.llmbench.testing.GpuTest;
import dev.llmbench.testing.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static dev.llmbench.testing.KernelChecks.*;

/**
 * moe_route and moe_combine (moe.cuh) against Java: the top-k of a softmax renormalised over the chosen
 * experts, with more experts than a warp has lanes (40) and a tie (which goes to the lower index).
 */
@GpuTest
class MoeKernelsTest {
    private static final int N = 37;

    private final Kernels k = GpuFixture.kernels();
    private final Stream stream = GpuFixture.stream();

    static List<Arguments> routeCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType t : FLOAT_TYPES) {
            cases.add(Arguments.of(t, 8, 2));  // Mixtral
            cases.add(Arguments.of(t, 8, 1));  // gpt_350m_moe: the one chosen expert's gate is 1
            cases.add(Arguments.of(t, 40, 3));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} E={1} k={2}")
    @MethodSource("routeCases")
    void moeRouteKeepsTheTopKRenormalised(DType t, int e, int topK) {
        long seed = Random.freshSeed();
        String ctx = "moe_route " + t + " N=" + N + " E=" + e + " k=" + topK + " seed=" + seed;
        float[] logits = stored(t, N * e, seed, 4.0f);
        logits[1] = logits[0]; // row 0: a tie between experts 0 and 1 at whatever rank they land
        float[] want = new float[N * e];
        for (int n = 0; n < N; n++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int i = 0; i < e; i++) max = Math.max(max, logits[n * e + i]);
            double[] p = new double[e];
            for (int i = 0; i < e; i++) sum += p[i] = Math.exp(logits[n * e + i] - max);
            boolean[] taken = new boolean[e];
            double kept = 0;
            int[] chosen = new int[topK];
            for (int j = 0; j < topK; j++) {
                int best = -1;
                for (int i = 0; i < e; i++) if (!taken[i] && (best < 0 || logits[n * e + i] > logits[n * e + best])) best = i;
                taken[best] = true;
                chosen[j] = best;
                kept += p[best] / sum;
            }
            for (int c : chosen) want[n * e + c] = (float) (p[c] / sum / kept);
        }
        try (DeviceBuffer dLogits = upload("logits", t, logits); DeviceBuffer gates = poisoned("gates", DType.F32, (long) N * e)) {
            settle();
            k.moeRoute(gates, dLogits, N, e, topK).run(stream);
            finish();
            float[] got = gates.toFloats();
            for (int i = 0; i < got.length; i++) {
                if ((want[i] == 0) != (got[i] == 0)) {
                    throw new AssertionError(ctx + ": expert " + (i % e) + " of token " + (i / e) + " chosen="
                            + (got[i] != 0) + ", expected chosen=" + (want[i] != 0));
                }
            }
            assertClose(DType.F32, got, want, ctx);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void moeCombineAddsTheGatedExpertOutput(DType t) {
        int c = 96, e = 8, expert = 5;
        long seed = Random.freshSeed();
        String ctx = "moe_combine " + t + " seed=" + seed;
        float[] y = stored(t, N * c, seed, 1.0f), z = stored(t, N * c, seed + 1, 1.0f);
        float[] gates = stored(DType.F32, N * e, seed + 2, 0.5f, 0.5f);
        // token 3 did not choose the expert, whose output overflowed there: it must add nothing, not NaN
        gates[3 * e + expert] = 0;
        for (int i = 3 * c; i < 4 * c; i++) z[i] = Float.POSITIVE_INFINITY;
        float[] added = new float[N * c], replaced = new float[N * c];
        for (int i = 0; i < N * c; i++) {
            // as the kernel: an fp32 product rounded to the type, an fp32 sum rounded to the type
            float gate = gates[(i / c) * e + expert];
            float share = gate == 0 ? 0 : round(t, (float) (gate * z[i]));
            added[i] = round(t, (float) (y[i] + share));
            replaced[i] = share;
        }
        try (DeviceBuffer dy = upload("y", t, y); DeviceBuffer dz = upload("z", t, z); DeviceBuffer dg = upload("gates", DType.F32, gates)) {
            settle();
            k.moeCombine(dy, dz, dg, N, c, e, expert, true).run(stream);
            finish();
            assertExact(dy.toFloats(), added, ctx + " accumulate");
            k.moeCombine(dy, dz, dg, N, c, e, expert, false).run(stream);
            finish();
            assertExact(dy.toFloats(), replaced, ctx + " first expert");
        }
    }
}
