package dev.llmbench.cuda;

import dev.llmbench.model.GlmPositions;
import dev.llmbench.model.PositionEmbedding;
import dev.llmbench.testing.GpuFixture;
import dev.llmbench.testing.GpuTest;
import dev.llmbench.testing.Random;
import dev.llmbench.weights.RandomInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static dev.llmbench.testing.KernelChecks.*;

/**
 * init_uniform (init.cuh), embedding and embedding_glm (embedding.cuh) against plain Java. init_uniform must match
 * {@link RandomInit#uniform} bit for bit: that is what lets the CPU reference regenerate the weights the
 * GPU made.
 */
@GpuTest
class EmbeddingKernelsTest {
    private final Kernels k = GpuFixture.kernels();
    private final Stream stream = GpuFixture.stream();

    static List<Arguments> initCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType t : FLOAT_TYPES) {
            cases.add(Arguments.of(t, 100_003, 1.0f, 0f));    // embeddings
            cases.add(Arguments.of(t, 4_099, 0.1f, 1.0f));    // norm weights: 1 + 0.1 u
            cases.add(Arguments.of(t, 1_037, 0.05f, 0f));     // biases
            cases.add(Arguments.of(t, 777, 0.015625f, -3.5f)); // scale and offset both non-trivial
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} n={1} scale={2} offset={3}")
    @MethodSource("initCases")
    void initUniformEqualsRandomInitExactly(DType t, int n, float scale, float offset) {
        long seed = Random.freshSeed();
        String ctx = "init_uniform " + t + " n=" + n + " scale=" + scale + " offset=" + offset + " seed=" + seed;
        try (DeviceBuffer out = poisoned("out", t, n)) {
            settle();
            k.initUniform(out, seed, scale, offset).run(stream);
            finish();
            assertExact(out.toFloats(), initReference(t, n, seed, scale, offset), ctx);
        }
    }

    /** More elements than one elementwise grid has threads (65535 blocks of 256): the grid-stride loop. */
    @Test
    void initUniformCoversTensorsLargerThanOneGrid() {
        DType t = DType.F16;
        int n = 65_535 * 256 + 1_037;
        long seed = Random.freshSeed();
        try (DeviceBuffer out = poisoned("out", t, n)) {
            settle();
            k.initUniform(out, seed, 0.02f, 0f).run(stream);
            finish();
            assertExact(out.toFloats(), initReference(t, n, seed, 0.02f, 0f), "init_uniform F16 n=" + n + " seed=" + seed);
        }
    }

    private static float[] initReference(DType t, int n, long seed, float scale, float offset) {
        float[] want = new float[n];
        // Java float arithmetic: a rounded product, then a rounded sum (no fused multiply-add), as the kernel
        for (int i = 0; i < n; i++) want[i] = HalfFloats.roundTo(t, offset + scale * RandomInit.uniform(seed, i));
        return want;
    }

    static List<Arguments> embeddingCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType t : FLOAT_TYPES) {
            for (int c : new int[] {96, 1001}) { // 96: 16-byte vector path; 1001: scalar path only
                cases.add(Arguments.of(t, c, false));
                cases.add(Arguments.of(t, c, true));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} C={1} wpe={2}")
    @MethodSource("embeddingCases")
    void embeddingMatchesJava(DType t, int c, boolean withPositions) {
        int b = 3, tokensPerSeq = 37, n = b * tokensPerSeq, v = 1003, pos0 = 5, posOffset = 2;
        int positions = pos0 + tokensPerSeq + posOffset + 6; // rows of wpe: every position used fits
        long seed = Random.freshSeed();
        String ctx = "embedding " + t + " B=" + b + " T=" + tokensPerSeq + " C=" + c + " wpe=" + withPositions + " seed=" + seed;
        float[] wte = stored(t, v * c, seed, 1.0f);
        float[] wpe = stored(t, positions * c, seed + 1, 0.5f);
        int[] tokens = Random.ints(n, v, seed + 2);
        tokens[0] = 0;
        tokens[n - 1] = v - 1; // both ends of the table

        float[] want = new float[n * c];
        for (int i = 0; i < n; i++) {
            int p = pos0 + i % tokensPerSeq + posOffset;
            for (int j = 0; j < c; j++) {
                float e = wte[tokens[i] * c + j];
                want[i * c + j] = withPositions ? HalfFloats.roundTo(t, e + wpe[p * c + j]) : e;
            }
        }

        try (DeviceBuffer dOut = poisoned("out", t, (long) n * c); DeviceBuffer dTokens = upload("tokens", tokens);
             DeviceBuffer dWte = upload("wte", t, wte); DeviceBuffer dWpe = upload("wpe", t, wpe);
             DeviceBuffer dPos0 = upload("pos0", new int[] {pos0})) {
            settle();
            k.embedding(dOut, dTokens, dWte, withPositions ? dWpe : null, n, tokensPerSeq, c, dPos0, posOffset).run(stream);
            finish();
            float[] got = dOut.toFloats();
            if (withPositions) {
                assertClose(t, got, want, ctx);
            } else {
                assertExact(got, want, ctx); // a pure copy
            }
        }
    }

    static List<Arguments> glmCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType t : FLOAT_TYPES) {
            for (int c : new int[] {96, 1001}) {
                cases.add(Arguments.of(t, c, 37, 0));  // a context phase: positions 0..35, 37; blocks 0.., 1
                cases.add(Arguments.of(t, c, 1, 37));  // the first generation step: position 37, block 2
                cases.add(Arguments.of(t, c, 1, 45));  // a later step: block 10
            }
        }
        return cases;
    }

    /** GLM-10B's three tables at its positions (model.GlmPositions), for a prompt of 37 tokens. */
    @ParameterizedTest(name = "{0} C={1} T={2} pos0={3}")
    @MethodSource("glmCases")
    void embeddingGlmMatchesJava(DType t, int c, int tokensPerSeq, int pos0) {
        int b = 3, n = b * tokensPerSeq, v = 1003, prompt = 37, rows = 64;
        long seed = Random.freshSeed();
        String ctx = "embedding_glm " + t + " T=" + tokensPerSeq + " pos0=" + pos0 + " C=" + c + " seed=" + seed;
        float[] wte = stored(t, v * c, seed, 1.0f);
        float[] wpe = stored(t, rows * c, seed + 1, 0.5f);
        float[] wbe = stored(t, rows * c, seed + 2, 0.5f);
        int[] tokens = Random.ints(n, v, seed + 3);
        float[] want = new float[n * c];
        for (int i = 0; i < n; i++) {
            int index = pos0 + i % tokensPerSeq;
            int pos = GlmPositions.position(PositionEmbedding.LEARNED_2D, prompt, index), blk = GlmPositions.block(prompt, index);
            for (int j = 0; j < c; j++) {
                want[i * c + j] = HalfFloats.roundTo(t, wte[tokens[i] * c + j] + wpe[pos * c + j] + wbe[blk * c + j]);
            }
        }
        try (DeviceBuffer dOut = poisoned("out", t, (long) n * c); DeviceBuffer dTokens = upload("tokens", tokens);
             DeviceBuffer dWte = upload("wte", t, wte); DeviceBuffer dWpe = upload("wpe", t, wpe);
             DeviceBuffer dWbe = upload("wbe", t, wbe); DeviceBuffer dPos0 = upload("pos0", new int[] {pos0})) {
            settle();
            k.embeddingGlm(dOut, dTokens, dWte, dWpe, dWbe, n, tokensPerSeq, c, dPos0, prompt).run(stream);
            finish();
            assertClose(t, dOut.toFloats(), want, ctx);
        }
    }

    /** pos0 is read on the device at run time: a second run after changing it uses the new value. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void embeddingReadsPos0AtRunTime(DType t) {
        int tokensPerSeq = 1, n = 2, c = 64, v = 11, posOffset = 2, positions = 40;
        long seed = Random.freshSeed();
        float[] wte = stored(t, v * c, seed, 1.0f);
        float[] wpe = stored(t, positions * c, seed + 1, 0.5f);
        int[] tokens = {3, 10};
        try (DeviceBuffer dOut = poisoned("out", t, (long) n * c); DeviceBuffer dTokens = upload("tokens", tokens);
             DeviceBuffer dWte = upload("wte", t, wte); DeviceBuffer dWpe = upload("wpe", t, wpe);
             DeviceBuffer dPos0 = upload("pos0", new int[] {0})) {
            BoundKernel embed = k.embedding(dOut, dTokens, dWte, dWpe, n, tokensPerSeq, c, dPos0, posOffset);
            for (int pos0 : new int[] {0, 17}) {
                dPos0.copyFrom(new int[] {pos0});
                dOut.fillBytes(0xFF);
                settle();
                embed.run(stream);
                finish();
                float[] want = new float[n * c];
                for (int i = 0; i < n; i++) {
                    int p = pos0 + posOffset;
                    for (int j = 0; j < c; j++) want[i * c + j] = HalfFloats.roundTo(t, wte[tokens[i] * c + j] + wpe[p * c + j]);
                }
                assertClose(t, dOut.toFloats(), want, "embedding " + t + " pos0=" + pos0 + " seed=" + seed);
            }
        }
    }
}
