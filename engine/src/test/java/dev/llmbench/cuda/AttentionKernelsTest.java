package dev.llmbench.cuda;

import dev.llmbench.testing.GpuFixture;
import dev.llmbench.testing.GpuTest;
import dev.llmbench.testing.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import dev.llmbench.model.Alibi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.llmbench.testing.KernelChecks.*;

/**
 * attention_context (attention_context.cuh) and attention_decode + attention_decode_merge
 * (attention_decode.cuh) against a double-precision softmax attention in Java, with grouped-query
 * (KV = 2 of H = 6), multi-query (KV = 1) and plain multi-head (KV = H) layouts. Queries and keys are
 * drawn from [-2, 2) so the softmax is far from uniform (score spread about 1.3 at scale 1/sqrt(D)). ALiBi
 * cases add each head's slope times the key's distance (BLOOM's slopes for H = 6: not a power of two). Prefix cases
 * let every query see the first keys (ChatGLM's context: all of the prompt but its last token).
 */
@GpuTest
class AttentionKernelsTest {
    private static final int B = 3, H = 6, S = 50;
    /** 136 and 256 take the wide kernels (GPT-J's heads are 256 wide). */
    private static final int[] HEAD_DIMS = {16, 20, 64, 128, 136, 256};

    private final Kernels k = GpuFixture.kernels();
    private final Stream stream = GpuFixture.stream();

    static List<Arguments> contextCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType t : FLOAT_TYPES) {
            for (int d : HEAD_DIMS) {
                cases.add(Arguments.of(t, d, 37, 2, false, 0)); // two query tiles, the second partial
                cases.add(Arguments.of(t, d, 65, 1, false, 0)); // three tiles, multi-query
                cases.add(Arguments.of(t, d, 1, 2, false, 0));  // a one-token prompt
                cases.add(Arguments.of(t, d, 33, 6, false, 0)); // multi-head
                cases.add(Arguments.of(t, d, 65, 6, true, 0));  // ALiBi over three tiles
                cases.add(Arguments.of(t, d, 37, 1, true, 0));  // ALiBi, multi-query (Falcon-RW, BLOOM are multi-head)
                cases.add(Arguments.of(t, d, 37, 2, false, 36)); // ChatGLM: the context both ways, the last token causal
                cases.add(Arguments.of(t, d, 130, 1, false, 50)); // a prefix ending inside a tile, later tiles causal
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} D={1} T={2} KV={3} alibi={4} prefix={5}")
    @MethodSource("contextCases")
    void attentionContextMatchesJava(DType t, int d, int tokens, int kv, boolean alibi, int prefix) {
        int width = (H + 2 * kv) * d;
        float scale = (float) (1 / Math.sqrt(d));
        long seed = Random.freshSeed();
        String ctx = "attention_context " + t + " B=" + B + " T=" + tokens + " H=" + H + " KV=" + kv + " D=" + d
                + " alibi=" + alibi + " prefix=" + prefix + " seed=" + seed;
        float[] qkv = stored(t, B * tokens * width, seed, 2.0f);
        double[] slopes = alibi ? Alibi.slopes(H) : null;

        float[] want = contextReference(t, qkv, tokens, kv, d, scale, slopes, null, prefix);

        try (DeviceBuffer dQkv = upload("qkv", t, qkv); DeviceBuffer dOut = poisoned("out", t, want.length);
             DeviceBuffer dSlopes = alibi ? upload("alibi", DType.F32, floats(slopes)) : null) {
            settle();
            k.attentionContext(dOut, dQkv, B, tokens, H, kv, d, scale, dSlopes, prefix).run(stream);
            finish();
            assertClose(t, dOut.toFloats(), want, ctx);
            assertExact(dQkv.toFloats(), qkv, ctx + ": qkv is only read");
        }
    }

    static List<Arguments> encoderCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType t : new DType[] {DType.F16, DType.BF16}) {
            for (int d : new int[] {16, 64, 128}) {
                cases.add(Arguments.of(t, d, 37, 2));  // GQA, two query tiles, the second partial
                cases.add(Arguments.of(t, d, 65, 6));  // multi-head, three tiles
                cases.add(Arguments.of(t, d, 130, 1)); // multi-query, keys over three 64-key steps
            }
        }
        return cases;
    }

    /**
     * attention_encoder: bidirectional over each sequence's first lengths[b] tokens, every row (padding rows too)
     * attending to them; lengths T, T - 5 and 1 (a sequence of one token among longer ones).
     */
    @ParameterizedTest(name = "{0} D={1} T={2} KV={3}")
    @MethodSource("encoderCases")
    void attentionEncoderMatchesJava(DType t, int d, int tokens, int kv) {
        int width = (H + 2 * kv) * d;
        float scale = (float) (1 / Math.sqrt(d));
        long seed = Random.freshSeed();
        int[] lengths = {tokens, tokens - 5, 1};
        String ctx = "attention_encoder " + t + " B=" + B + " T=" + tokens + " H=" + H + " KV=" + kv + " D=" + d + " seed=" + seed;
        float[] qkv = stored(t, B * tokens * width, seed, 2.0f);
        float[] want = contextReference(t, qkv, tokens, kv, d, scale, null, lengths, 0);
        try (DeviceBuffer dQkv = upload("qkv", t, qkv); DeviceBuffer dOut = poisoned("out", t, want.length);
             DeviceBuffer dLengths = upload("lengths", lengths)) {
            settle();
            k.attentionEncoder(dOut, dQkv, dLengths, B, tokens, H, kv, d, scale).run(stream);
            finish();
            assertClose(t, dOut.toFloats(), want, ctx);
        }
    }

    static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    /**
     * out (B*T, H*D): softmax attention in double, rounded once to the type; slopes: ALiBi's, or null. Causal when
     * lengths is null (query tq attends to keys below max(tq + 1, prefix)); else every row of sequence b attends to keys
     * 0..lengths[b]-1.
     */
    static float[] contextReference(DType t, float[] qkv, int tokens, int kv, int d, float scale, double[] slopes, int[] lengths,
                                    int prefix) {
        int width = (H + 2 * kv) * d, group = H / kv;
        float[] want = new float[B * tokens * H * d];
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < H; h++) {
                int hk = h / group;
                for (int tq = 0; tq < tokens; tq++) {
                    int q = (b * tokens + tq) * width + h * d;
                    int keys = lengths == null ? Math.max(tq + 1, prefix) : lengths[b]; // causal: keys 0..tq and the prefix
                    double[] w = new double[keys];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < keys; j++) {
                        int key = (b * tokens + j) * width + (H + hk) * d;
                        double dot = 0;
                        for (int e = 0; e < d; e++) dot += (double) qkv[q + e] * qkv[key + e];
                        w[j] = scale * dot + (slopes == null ? 0 : (float) slopes[h] * (j - tq));
                        max = Math.max(max, w[j]);
                    }
                    double l = 0;
                    for (int j = 0; j < keys; j++) {
                        w[j] = Math.exp(w[j] - max);
                        l += w[j];
                    }
                    for (int e = 0; e < d; e++) {
                        double acc = 0;
                        for (int j = 0; j < keys; j++) acc += w[j] * qkv[(b * tokens + j) * width + (H + kv + hk) * d + e];
                        want[(b * tokens + tq) * H * d + h * d + e] = round(t, acc / l);
                    }
                }
            }
        }
        return want;
    }

    static List<Arguments> decodeCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType t : FLOAT_TYPES) {
            for (int d : HEAD_DIMS) {
                // 0: empty cache (output 0); 57 > S is clamped to S
                for (int seqLen : new int[] {0, 1, 17, 50, 57}) {
                    for (int splits : new int[] {1, 3, 8}) cases.add(Arguments.of(t, d, seqLen, splits, false));
                }
                cases.add(Arguments.of(t, d, 50, 3, true));
                cases.add(Arguments.of(t, d, 17, 1, true));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} D={1} seqLen={2} splits={3} alibi={4}")
    @MethodSource("decodeCases")
    void attentionDecodeAndMergeMatchJava(DType t, int d, int seqLen, int splits, boolean alibi) {
        long seed = Random.freshSeed();
        Decode x = new Decode(t, d, 2, seed, alibi ? Alibi.slopes(H) : null);
        String ctx = "attention_decode+merge " + t + " B=" + B + " H=" + H + " KV=2 D=" + d + " S=" + S + " seqLen=" + seqLen
                + " splits=" + splits + " alibi=" + alibi + " seed=" + seed;
        try (DeviceBuffer dQkv = upload("qkv", t, x.qkv); DeviceBuffer dK = upload("k_cache", t, x.cacheFor(x.k, seqLen));
             DeviceBuffer dV = upload("v_cache", t, x.cacheFor(x.v, seqLen));
             DeviceBuffer partialO = poisoned("partial_o", DType.F32, (long) B * H * splits * d);
             DeviceBuffer partialMl = poisoned("partial_ml", DType.F32, (long) B * H * splits * 2);
             DeviceBuffer out = poisoned("out", t, (long) B * H * d); DeviceBuffer dLen = upload("seq_len", new int[] {seqLen});
             DeviceBuffer dSlopes = alibi ? upload("alibi", DType.F32, floats(x.slopes)) : null) {
            settle();
            k.attentionDecode(dQkv, dK, dV, partialO, partialMl, B, H, 2, d, S, dLen, splits, x.scale, dSlopes).run(stream);
            k.attentionDecodeMerge(out, partialO, partialMl, B, H, d, splits).run(stream);
            finish();
            assertClose(t, out.toFloats(), x.reference(seqLen), ctx);
        }
    }

    /** seq_len is a device scalar read at run time: the same bound launches serve successive steps. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void attentionDecodeReadsSeqLenAtRunTime(DType t) {
        int d = 64, kv = 1, splits = 3;
        long seed = Random.freshSeed();
        Decode x = new Decode(t, d, kv, seed, null);
        try (DeviceBuffer dQkv = upload("qkv", t, x.qkv); DeviceBuffer dK = upload("k_cache", t, x.k);
             DeviceBuffer dV = upload("v_cache", t, x.v);
             DeviceBuffer partialO = DeviceBuffer.allocate("partial_o", DType.F32, (long) B * H * splits * d);
             DeviceBuffer partialMl = DeviceBuffer.allocate("partial_ml", DType.F32, (long) B * H * splits * 2);
             DeviceBuffer out = DeviceBuffer.allocate("out", t, (long) B * H * d); DeviceBuffer dLen = upload("seq_len", new int[] {0})) {
            BoundKernel decode = k.attentionDecode(dQkv, dK, dV, partialO, partialMl, B, H, kv, d, S, dLen, splits, x.scale, null);
            BoundKernel merge = k.attentionDecodeMerge(out, partialO, partialMl, B, H, d, splits);
            for (int seqLen : new int[] {17, 18, 31}) {
                dLen.copyFrom(new int[] {seqLen});
                partialO.fillBytes(0xFF);
                partialMl.fillBytes(0xFF);
                out.fillBytes(0xFF);
                settle();
                decode.run(stream);
                merge.run(stream);
                finish();
                assertClose(t, out.toFloats(), x.reference(seqLen),
                        "attention_decode+merge " + t + " KV=" + kv + " D=" + d + " seqLen=" + seqLen + " seed=" + seed);
            }
        }
    }

    static List<Arguments> softmaxCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType t : FLOAT_TYPES) {
            cases.add(Arguments.of(t, 37, 37, 0, false, 0)); // a context phase: causal over the prompt
            cases.add(Arguments.of(t, 37, 37, 0, true, 0));  // with ALiBi
            cases.add(Arguments.of(t, 1, 50, 16, false, 0)); // a generation step at position 16 of a 50-row cache
            cases.add(Arguments.of(t, 1, 50, 49, true, 0));  // the last row of the cache, ALiBi
            cases.add(Arguments.of(t, 1, 600, 599, false, 0)); // a row longer than the block
            cases.add(Arguments.of(t, 37, 37, -1, false, 0)); // an encoder: bidirectional, sequences of 37, 30 and 1 tokens
            cases.add(Arguments.of(t, 37, 37, 0, false, 36)); // ChatGLM's context: the first 36 keys seen by every query
        }
        return cases;
    }

    /** pos0 −1: bidirectional over each sequence's length (an encoder's attention), lengths {37, 30, 1}. */
    @ParameterizedTest(name = "{0} T={1} L={2} pos0={3} alibi={4} prefix={5}")
    @MethodSource("softmaxCases")
    void maskedSoftmaxMatchesJava(DType t, int tokens, int keys, int pos0, boolean alibi, int prefix) {
        boolean encoder = pos0 < 0;
        int[] lengths = {keys, keys - 7, 1};
        long seed = Random.freshSeed();
        float scale = 0.125f;
        String ctx = "masked_softmax " + t + " B=" + B + " H=" + H + " T=" + tokens + " L=" + keys + " pos0=" + pos0
                + " alibi=" + alibi + " prefix=" + prefix + " seed=" + seed;
        float[] scores = stored(t, B * H * tokens * keys, seed, 16.0f);
        double[] slopes = alibi ? Alibi.slopes(H) : null;
        float[] want = new float[scores.length];
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < H; h++) {
                for (int tq = 0; tq < tokens; tq++) {
                    int row = ((b * H + h) * tokens + tq) * keys;
                    int n = encoder ? lengths[b] : Math.min(Math.max(pos0 + tq + 1, prefix), keys);
                    double max = Double.NEGATIVE_INFINITY, sum = 0;
                    double[] s = new double[n];
                    for (int j = 0; j < n; j++) {
                        s[j] = (double) scale * scores[row + j] + (slopes == null ? 0 : (float) slopes[h] * (j - (n - 1)));
                        max = Math.max(max, s[j]);
                    }
                    for (int j = 0; j < n; j++) sum += Math.exp(s[j] - max);
                    for (int j = 0; j < n; j++) want[row + j] = round(t, Math.exp(s[j] - max) / sum);
                    // keys past the query's position stay 0 (want is 0 there)
                }
            }
        }
        try (DeviceBuffer dScores = upload("scores", t, scores); DeviceBuffer dPos0 = upload("pos0", new int[] {pos0});
             DeviceBuffer dSlopes = alibi ? upload("alibi", DType.F32, floats(slopes)) : null;
             DeviceBuffer dLengths = upload("lengths", lengths)) {
            settle();
            k.maskedSoftmax(dScores, B, H, tokens, keys, encoder ? null : dPos0, scale, dSlopes, encoder ? dLengths : null, prefix)
                    .run(stream);
            finish();
            assertClose(t, dScores.toFloats(), want, ctx);
        }
    }

    /** One decode step's inputs: q rows (B, (H + 2KV) * D) and full caches (B, KV, S, D). */
    static final class Decode {
        final DType t;
        final int d, kv;
        final float scale;
        final float[] qkv, k, v;
        final double[] slopes; // ALiBi's, or null

        Decode(DType t, int d, int kv, long seed, double[] slopes) {
            this.t = t;
            this.slopes = slopes;
            this.d = d;
            this.kv = kv;
            scale = (float) (1 / Math.sqrt(d));
            qkv = stored(t, B * (H + 2 * kv) * d, seed, 2.0f);
            k = stored(t, B * kv * S * d, seed + 1, 2.0f);
            v = stored(t, B * kv * S * d, seed + 2, 1.0f);
        }

        /**
         * The cache with every slot at or past seqLen set to NaN: stale or uninitialised arena memory may hold
         * anything, and none of it may reach the output.
         */
        float[] cacheFor(float[] cache, int seqLen) {
            float[] c = cache.clone();
            int len = Math.max(0, Math.min(seqLen, S));
            for (int bh = 0; bh < B * kv; bh++) Arrays.fill(c, (bh * S + len) * d, (bh + 1) * S * d, Float.NaN);
            return c;
        }

        /** out (B, H * D): softmax attention of each query head over the first min(seqLen, S) positions. */
        float[] reference(int seqLen) {
            int len = Math.max(0, Math.min(seqLen, S)), width = (H + 2 * kv) * d, group = H / kv;
            float[] want = new float[B * H * d];
            if (len == 0) return want; // no position: the merge writes 0
            for (int b = 0; b < B; b++) {
                for (int h = 0; h < H; h++) {
                    int hk = h / group, q = b * width + h * d, head = (b * kv + hk) * S * d;
                    double[] w = new double[len];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int p = 0; p < len; p++) {
                        double dot = 0;
                        for (int e = 0; e < d; e++) dot += (double) qkv[q + e] * k[head + p * d + e];
                        w[p] = scale * dot + (slopes == null ? 0 : (float) slopes[h] * (p - (len - 1)));
                        max = Math.max(max, w[p]);
                    }
                    double l = 0;
                    for (int p = 0; p < len; p++) {
                        w[p] = Math.exp(w[p] - max);
                        l += w[p];
                    }
                    for (int e = 0; e < d; e++) {
                        double acc = 0;
                        for (int p = 0; p < len; p++) acc += w[p] * v[head + p * d + e];
                        want[(b * H + h) * d + e] = round(t, acc / l);
                    }
                }
            }
            return want;
        }
    }
}
