package dev.llmbench.cuda;

import dev.llmbench.testing.GpuFixture;
import dev.llmbench.testing.GpuTest;
import dev.llmbench.testing.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static dev.llmbench.testing.KernelChecks.*;

/**
 * add, scaled_add, gather_last_rows and counters_advance (elementwise.cuh). All are fully determined (one
 * fp32 add or fma rounded once, copies, integer increments), so they are compared exactly. The misaligned
 * cases (views starting one element into an allocation) take the scalar paths instead of the 16-byte
 * vector ones.
 */
@GpuTest
class ElementwiseKernelsTest {
    private final Kernels k = GpuFixture.kernels();
    private final Stream stream = GpuFixture.stream();

    static List<Arguments> addCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType t : FLOAT_TYPES) {
            for (int n : new int[] {37 * 1000, 37 * 1001 + 3}) {
                cases.add(Arguments.of(t, n, false));
                cases.add(Arguments.of(t, n, true));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} n={1} misaligned={2}")
    @MethodSource("addCases")
    void addMatchesJava(DType t, int n, boolean misaligned) {
        long seed = Random.freshSeed();
        String ctx = "add " + t + " n=" + n + " misaligned=" + misaligned + " seed=" + seed;
        int shift = misaligned ? 1 : 0;
        float[] y = stored(t, n + shift, seed, 1.0f);
        float[] x = stored(t, n + shift, seed + 1, 1.0f);
        float[] want = y.clone();
        for (int i = shift; i < n + shift; i++) want[i] = HalfFloats.roundTo(t, y[i] + x[i]);
        try (DeviceBuffer dy = upload("y", t, y); DeviceBuffer dx = upload("x", t, x);
             DeviceBuffer yView = dy.slice("y view", shift, n); DeviceBuffer xView = dx.slice("x view", shift, n)) {
            settle();
            k.add(yView, xView, n).run(stream);
            finish();
            assertExact(dy.toFloats(), want, ctx);
            assertExact(dx.toFloats(), x, ctx + ": x is only read");
        }
    }

    /** GLM's residual: out = alpha x + y as one fp32 fma, rounded once; written into y's buffer as the engine does. */
    @ParameterizedTest(name = "{0} n={1} misaligned={2}")
    @MethodSource("addCases")
    void scaledAddMatchesJava(DType t, int n, boolean misaligned) {
        long seed = Random.freshSeed();
        float alpha = 7.483315f; // sqrt(56): ChatGLM-6B's 28 layers
        String ctx = "scaled_add " + t + " n=" + n + " misaligned=" + misaligned + " seed=" + seed;
        int shift = misaligned ? 1 : 0;
        float[] y = stored(t, n + shift, seed, 1.0f);
        float[] x = stored(t, n + shift, seed + 1, 1.0f);
        float[] want = y.clone();
        for (int i = shift; i < n + shift; i++) want[i] = HalfFloats.roundTo(t, Math.fma(alpha, x[i], y[i]));
        try (DeviceBuffer dy = upload("y", t, y); DeviceBuffer dx = upload("x", t, x);
             DeviceBuffer yView = dy.slice("y view", shift, n); DeviceBuffer xView = dx.slice("x view", shift, n)) {
            settle();
            k.scaledAdd(yView, xView, yView, alpha, n).run(stream);
            finish();
            assertExact(dy.toFloats(), want, ctx);
            assertExact(dx.toFloats(), x, ctx + ": x is only read");
        }
    }

    static List<Arguments> gatherCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType t : FLOAT_TYPES) {
            for (int c : new int[] {96, 1001}) {
                cases.add(Arguments.of(t, 37, c));
                cases.add(Arguments.of(t, 1, c));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} T={1} C={2}")
    @MethodSource("gatherCases")
    void gatherLastRowsCopiesEachSequencesLastRow(DType t, int tokens, int c) {
        int b = 3;
        long seed = Random.freshSeed();
        String ctx = "gather_last_rows " + t + " B=" + b + " T=" + tokens + " C=" + c + " seed=" + seed;
        float[] in = stored(t, b * tokens * c, seed, 1.0f);
        float[] want = new float[b * c];
        for (int s = 0; s < b; s++) System.arraycopy(in, (s * tokens + tokens - 1) * c, want, s * c, c);
        try (DeviceBuffer dIn = upload("in", t, in); DeviceBuffer out = poisoned("out", t, (long) b * c)) {
            settle();
            k.gatherLastRows(out, dIn, b, tokens, c).run(stream);
            finish();
            assertExact(out.toFloats(), want, ctx);
        }
    }

    /** n = 37 is more than the launch's 32 threads; counters past n stay as they are. */
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 3, 37})
    void countersAdvanceIncrementsTheFirstN(int n) {
        int length = n + 3;
        long seed = Random.freshSeed();
        int[] start = Random.ints(length, 2001, seed);
        for (int i = 0; i < length; i++) start[i] -= 1000; // negative counters too
        int[] want = start.clone();
        for (int i = 0; i < n; i++) want[i] += 2;
        try (DeviceBuffer counters = upload("counters", start)) {
            settle();
            BoundKernel advance = k.countersAdvance(counters, n);
            advance.run(stream);
            advance.run(stream);
            finish();
            assertExact(counters.toInts(), want, "counters_advance n=" + n + " (two runs) seed=" + seed);
        }
    }
}
