package dev.llmbench.cuda;

import dev.llmbench.testing.GpuFixture;
import dev.llmbench.testing.GpuTest;
import dev.llmbench.testing.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static dev.llmbench.testing.KernelChecks.*;

/**
 * argmax (sampling.cuh): the lowest index among equal maxima, NaNs ignored, written to next_tokens[b]
 * and, when 0 <= step < out_len, to out_tokens[b * out_len + step] (nothing else of out_tokens).
 */
@GpuTest
class SamplingKernelsTest {
    private static final int ROWS = 5, OUT_LEN = 7;

    private final Kernels k = GpuFixture.kernels();
    private final Stream stream = GpuFixture.stream();

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType t : FLOAT_TYPES) {
            for (int v : new int[] {1003, 50_257}) {
                for (int step : new int[] {0, 4, OUT_LEN}) cases.add(Arguments.of(t, v, step)); // OUT_LEN: past the end
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} V={1} step={2}")
    @MethodSource("cases")
    void argmaxPicksTheLowestIndexOfTheMaximum(DType t, int v, int step) {
        long seed = Random.freshSeed();
        String ctx = "argmax " + t + " B=" + ROWS + " V=" + v + " step=" + step + " seed=" + seed;
        float[] logits = logits(t, v, seed);

        int[] wantNext = new int[ROWS];
        for (int b = 0; b < ROWS; b++) wantNext[b] = lowestArgmax(logits, b * v, v);
        int[] outStart = new int[ROWS * OUT_LEN];
        for (int i = 0; i < outStart.length; i++) outStart[i] = -100 - i; // sentinels
        int[] wantOut = outStart.clone();
        if (step >= 0 && step < OUT_LEN) for (int b = 0; b < ROWS; b++) wantOut[b * OUT_LEN + step] = wantNext[b];

        try (DeviceBuffer dLogits = upload("logits", t, logits); DeviceBuffer next = poisoned("next", DType.I32, ROWS);
             DeviceBuffer out = upload("out_tokens", outStart); DeviceBuffer dStep = upload("step", new int[] {step})) {
            settle();
            k.argmax(dLogits, ROWS, v, next, out, OUT_LEN, dStep).run(stream);
            finish();
            assertExact(next.toInts(), wantNext, ctx + ": next tokens");
            assertExact(out.toInts(), wantOut, ctx + ": out tokens");
        }
    }

    /**
     * Five rows, rounded to the type: (0) random with the maximum planted at three random places;
     * (1) the same with NaNs, one at index 0; (2) all equal, so index 0; (3) a unique maximum at the last
     * index and -inf elsewhere in the row; (4) a three-way tie at indices held by different warps, the
     * lowest of them not in warp 0.
     */
    private static float[] logits(DType t, int v, long seed) {
        float[] x = stored(t, ROWS * v, seed, 1.0f);
        SplittableRandom r = new SplittableRandom(seed + 1);
        for (int i = 0; i < 3; i++) x[r.nextInt(v)] = 2.0f;
        x[v] = Float.NaN;
        for (int i = 0; i < 5; i++) x[v + r.nextInt(v)] = Float.NaN;
        for (int i = 0; i < 2; i++) x[v + r.nextInt(v)] = 2.0f;
        Arrays.fill(x, 2 * v, 3 * v, 0.5f);
        x[3 * v + r.nextInt(v - 1)] = Float.NEGATIVE_INFINITY;
        x[4 * v - 1] = 3.0f;
        for (int i : new int[] {v - 1, v / 2, 33}) x[4 * v + i] = 2.0f;
        return x;
    }

    /** The lowest index of the largest non-NaN value (0 when there is none). */
    private static int lowestArgmax(float[] x, int from, int v) {
        int best = -1;
        for (int i = 0; i < v; i++) {
            float value = x[from + i];
            if (Float.isNaN(value)) continue;
            if (best < 0 || value > x[from + best]) best = i;
        }
        return Math.max(best, 0);
    }
}
