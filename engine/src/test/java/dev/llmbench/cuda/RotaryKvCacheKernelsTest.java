package dev.llmbench.cuda;

import dev.llmbench.model.GlmPositions;
import dev.llmbench.testing.GpuFixture;
import dev.llmbench.testing.GpuTest;
import dev.llmbench.testing.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static dev.llmbench.testing.KernelChecks.*;

/**
 * rotary_neox, rotary_gptj and ChatGLM's rotary_2d (rotary.cuh) and kv_cache_write (kv_cache.cuh) on the fused QKV
 * layout (N, (H + 2KV) * D) with grouped-query heads (H = 6, KV = 2). D = 20 is not a multiple of 8, so the
 * 16-bit types take the scalar paths.
 */
@GpuTest
class RotaryKvCacheKernelsTest {
    private static final int B = 3, H = 6, KV = 2, S = 50;
    private static final int[] HEAD_DIMS = {16, 20, 64, 128};

    private final Kernels k = GpuFixture.kernels();
    private final Stream stream = GpuFixture.stream();

    static List<Arguments> rotaryCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType t : FLOAT_TYPES) {
            for (boolean interleaved : new boolean[] {false, true}) {
                for (int d : HEAD_DIMS) {
                    cases.add(Arguments.of(t, interleaved, d, d, 10_000f));
                    cases.add(Arguments.of(t, interleaved, d, d / 2, 10_000f));
                }
                cases.add(Arguments.of(t, interleaved, 128, 128, 500_000f));
            }
            cases.add(Arguments.of(t, true, 64, 16, 10_000f)); // GPT-J's rotary on a quarter of the head
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} interleaved={1} D={2} rotDim={3} theta={4}")
    @MethodSource("rotaryCases")
    void rotaryMatchesJava(DType t, boolean interleaved, int d, int rotDim, float theta) {
        int tokens = 37, n = B * tokens, pos0 = 9, width = (H + 2 * KV) * d;
        long seed = Random.freshSeed();
        String ctx = (interleaved ? "rotary_gptj " : "rotary_neox ") + t + " N=" + n + " T=" + tokens + " H=" + H + " KV=" + KV + " D=" + d + " rotDim="
                + rotDim + " pos0=" + pos0 + " theta=" + theta + " seed=" + seed;
        float[] qkv = stored(t, n * width, seed, 1.0f);

        float[] want = qkv.clone();
        boolean[] rotated = new boolean[qkv.length];
        for (int i = 0; i < n; i++) rotate(t, qkv, want, rotated, i * width, d, 0, rotDim, pos0 + i % tokens, theta, interleaved);

        try (DeviceBuffer dQkv = upload("qkv", t, qkv); DeviceBuffer dPos0 = upload("pos0", new int[] {pos0})) {
            settle();
            k.rotary(dQkv, interleaved, n, tokens, H, KV, d, rotDim, dPos0, theta).run(stream);
            finish();
            assertRotated(t, dQkv.toFloats(), want, qkv, rotated, ctx);
        }
    }

    static List<Arguments> rotary2dCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType t : FLOAT_TYPES) {
            for (int d : HEAD_DIMS) {
                // ChatGLM's streams share the head: rotDim = D / 2 each
                cases.add(Arguments.of(t, d, d / 2, 37, 37, 0)); // a context phase: positions 0..35, 35; blocks 0.., 1
                cases.add(Arguments.of(t, d, d / 2, 37, 1, 37)); // the first generation step: position 35, block 2
                cases.add(Arguments.of(t, d, d / 2, 37, 1, 45)); // a later step: position 35, block 10
            }
            cases.add(Arguments.of(t, 128, 32, 1, 1, 0)); // a one-token prompt: position 0, block 1; dims 64.. stay
            cases.add(Arguments.of(t, 128, 64, 2, 2, 0)); // two tokens: positions 0, 0; blocks 0, 1
        }
        return cases;
    }

    /**
     * ChatGLM-6B's two streams: the first rotDim dims of each q and k head turn (GPT-NeoX halves) with the token's
     * position, the next rotDim with its block position, both from the cache position and the prompt's length
     * ({@link GlmPositions}); the rest of the head and the value heads stay.
     */
    @ParameterizedTest(name = "{0} D={1} rotDim={2} prompt={3} T={4} pos0={5}")
    @MethodSource("rotary2dCases")
    void rotary2dMatchesJava(DType t, int d, int rotDim, int promptLength, int tokens, int pos0) {
        int n = B * tokens, width = (H + 2 * KV) * d;
        float theta = 10_000f;
        long seed = Random.freshSeed();
        String ctx = "rotary_2d " + t + " N=" + n + " T=" + tokens + " D=" + d + " rotDim=" + rotDim + " prompt=" + promptLength
                + " pos0=" + pos0 + " seed=" + seed;
        float[] qkv = stored(t, n * width, seed, 1.0f);
        float[] want = qkv.clone();
        boolean[] rotated = new boolean[qkv.length];
        for (int i = 0; i < n; i++) {
            int p = pos0 + i % tokens;
            rotate(t, qkv, want, rotated, i * width, d, 0, rotDim, GlmPositions.position(promptLength, p), theta, false);
            rotate(t, qkv, want, rotated, i * width, d, rotDim, rotDim, GlmPositions.block(promptLength, p), theta, false);
        }
        try (DeviceBuffer dQkv = upload("qkv", t, qkv); DeviceBuffer dPos0 = upload("pos0", new int[] {pos0})) {
            settle();
            k.rotary2d(dQkv, n, tokens, H, KV, d, rotDim, dPos0, promptLength, theta).run(stream);
            finish();
            assertRotated(t, dQkv.toFloats(), want, qkv, rotated, ctx);
        }
    }

    /**
     * Turns dims [offset, offset + rotDim) of every q and k head of the row at {@code row} of qkv into want, at
     * position pos: Hugging Face's fp32 frequencies, pow, cos and sin correctly rounded to float (rotary.cuh).
     */
    private static void rotate(DType t, float[] qkv, float[] want, boolean[] rotated, int row, int d, int offset, int rotDim,
                               int pos, float theta, boolean interleaved) {
        int half = rotDim / 2;
        for (int j = 0; j < half; j++) {
            float expo = (float) (2 * j) / (float) rotDim;
            float inv = 1.0f / (float) Math.pow(theta, expo);
            float angle = (float) pos * inv;
            float c = HalfFloats.roundTo(t, (float) Math.cos(angle));
            float s = HalfFloats.roundTo(t, (float) Math.sin(angle));
            for (int head = 0; head < H + KV; head++) { // query heads, then key heads; value heads stay
                int at = row + head * d + offset + (interleaved ? 2 * j : j);
                int pair = interleaved ? at + 1 : at + half;
                float x1 = qkv[at], x2 = qkv[pair];
                want[at] = HalfFloats.roundTo(t, x1 * c - x2 * s);
                want[pair] = HalfFloats.roundTo(t, x2 * c + x1 * s);
                rotated[at] = true;
                rotated[pair] = true;
            }
        }
    }

    /** The rotated dims close to want; every other value exactly as it was. */
    private static void assertRotated(DType t, float[] got, float[] want, float[] qkv, boolean[] rotated, String ctx) {
        assertClose(t, got, want, ctx);
        int untouched = 0;
        for (boolean r : rotated) if (!r) untouched++;
        float[] gotRest = new float[untouched], wantRest = new float[untouched];
        for (int i = 0, u = 0; i < got.length; i++) {
            if (!rotated[i]) {
                gotRest[u] = got[i];
                wantRest[u++] = qkv[i];
            }
        }
        assertExact(gotRest, wantRest, ctx + ": value heads and dims past the rotary dims must stay as they were");
    }

    static List<Arguments> cacheCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType t : FLOAT_TYPES) {
            for (int d : HEAD_DIMS) {
                cases.add(Arguments.of(t, d, 37, 5));  // a prompt written from position 5
                cases.add(Arguments.of(t, d, 1, 49));  // one generation step into the last slot
                cases.add(Arguments.of(t, d, 37, 20)); // positions 50..56 fall outside S and are skipped
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} D={1} T={2} pos0={3}")
    @MethodSource("cacheCases")
    void kvCacheWriteCopiesTheKeysAndValuesAndNothingElse(DType t, int d, int tokens, int pos0) {
        int width = (H + 2 * KV) * d, cacheLen = B * KV * S * d;
        long seed = Random.freshSeed();
        String ctx = "kv_cache_write " + t + " B=" + B + " T=" + tokens + " H=" + H + " KV=" + KV + " D=" + d + " S=" + S
                + " pos0=" + pos0 + " seed=" + seed;
        float[] qkv = stored(t, B * tokens * width, seed, 1.0f);
        // sentinel contents (in [3.5, 4.5), unlike the qkv values) that every unwritten slot must keep
        float[] kOld = stored(t, cacheLen, seed + 1, 0.5f, 4.0f);
        float[] vOld = stored(t, cacheLen, seed + 2, 0.5f, 4.0f);

        float[] kWant = kOld.clone(), vWant = vOld.clone();
        for (int b = 0; b < B; b++) {
            for (int tk = 0; tk < tokens; tk++) {
                int p = pos0 + tk;
                if (p < 0 || p >= S) continue;
                int row = (b * tokens + tk) * width;
                for (int h = 0; h < KV; h++) {
                    for (int e = 0; e < d; e++) {
                        int slot = ((b * KV + h) * S + p) * d + e;
                        kWant[slot] = qkv[row + (H + h) * d + e];
                        vWant[slot] = qkv[row + (H + KV + h) * d + e];
                    }
                }
            }
        }

        try (DeviceBuffer dQkv = upload("qkv", t, qkv); DeviceBuffer dK = upload("k_cache", t, kOld);
             DeviceBuffer dV = upload("v_cache", t, vOld); DeviceBuffer dPos0 = upload("pos0", new int[] {pos0})) {
            settle();
            k.kvCacheWrite(dQkv, dK, dV, B, tokens, H, KV, d, S, dPos0).run(stream);
            finish();
            assertExact(dK.toFloats(), kWant, ctx + ": k cache");
            assertExact(dV.toFloats(), vWant, ctx + ": v cache");
            assertExact(dQkv.toFloats(), qkv, ctx + ": qkv is only read");
        }
    }
}
