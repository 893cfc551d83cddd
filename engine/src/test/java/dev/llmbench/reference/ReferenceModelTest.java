package dev.llmbench.reference;

import dev.llmbench.LlmbenchException;
import dev.llmbench.model.ConfigBuilder;
import dev.llmbench.model.Dimensions;
import dev.llmbench.model.Family;
import dev.llmbench.model.PositionEmbedding;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.families.ModelRegistry;
import dev.llmbench.model.TinyConfigs;
import dev.llmbench.weights.HostTensor;
import dev.llmbench.weights.HostWeights;
import dev.llmbench.weights.RandomInit;
import dev.llmbench.weights.WeightLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferenceModelTest {

    /**
     * Grouped-query attention is multi-head attention whose key/value heads are shared: repeating each
     * key/value head for its H/KV query heads must give the same logits. A model that paired query head h
     * with key/value head h % KV instead of h / (H/KV) would fail.
     */
    @Test
    void groupedQueryEqualsMultiHeadWithRepeatedKeyValueHeads() {
        ModelConfig gqa = TinyConfigs.llama();
        HostWeights weights = RandomInit.generate(gqa, 8);
        ModelConfig mha = withKvHeads(gqa, gqa.numHeads());

        int d = gqa.headDim();
        int hidden = gqa.hiddenSize();
        int group = gqa.numHeads() / gqa.numKvHeads();
        List<HostTensor> expanded = new ArrayList<>();
        for (String name : weights.names()) {
            HostTensor t = weights.get(name);
            if (!name.endsWith("qkv.weight")) {
                expanded.add(t);
                continue;
            }
            float[] rows = new float[mha.qkvSize() * hidden];
            int qRows = gqa.numHeads() * d;
            System.arraycopy(t.data(), 0, rows, 0, qRows * hidden);
            for (int part = 0; part < 2; part++) { // k, then v
                int srcBase = qRows + part * gqa.numKvHeads() * d;
                int dstBase = qRows + part * mha.numKvHeads() * d;
                for (int h = 0; h < mha.numKvHeads(); h++) {
                    System.arraycopy(t.data(), (srcBase + (h / group) * d) * hidden,
                            rows, (dstBase + h * d) * hidden, d * hidden);
                }
            }
            expanded.add(new HostTensor(name, new int[] {mha.qkvSize(), hidden}, rows));
        }

        int[] prompt = Prompts.random(1, 19, gqa.vocabSize(), 1)[0];
        float[] expected = new ReferenceModel(mha, new HostWeights(mha, expanded)).logitsNoCache(prompt);
        float[] actual = new ReferenceModel(gqa, weights).logitsNoCache(prompt);
        double error = Compare.relativeError(actual, expected);
        assertTrue(error < 1e-6, "relative error " + error);
    }

    private static ModelConfig withKvHeads(ModelConfig c, int kvHeads) {
        Dimensions d = c.dims();
        return new ModelConfig(c.name() + "_mha", new Dimensions(d.layers(), d.heads(), kvHeads, d.hidden(), d.mlp(), d.vocab()),
                c.arch(), c.limits());
    }

    /** Rotary (either style) makes q(m) . k(n) a function of m - n, and leaves dims past rotaryDim alone. */
    @ParameterizedTest(name = "interleaved {0}")
    @ValueSource(booleans = {false, true})
    void rotaryScoresDependOnlyOnTheDistance(boolean interleaved) {
        Rotary rotary = new Rotary(interleaved, 8, 10000f);
        float[] q = new float[16];
        float[] k = new float[16];
        for (int i = 0; i < 16; i++) {
            q[i] = RandomInit.uniform(1, i);
            k[i] = RandomInit.uniform(2, i);
        }
        double near = rotatedDot(rotary, q, 3, k, 1);
        double far = rotatedDot(rotary, q, 43, k, 41);
        assertEquals(near, far, 1e-5);
        assertTrue(Math.abs(near - rotatedDot(rotary, q, 4, k, 1)) > 1e-3, "rotation has no effect");

        float[] v = q.clone();
        rotary.apply(v, 0, 17);
        assertArrayEquals(java.util.Arrays.copyOfRange(q, 8, 16), java.util.Arrays.copyOfRange(v, 8, 16));
        float[] unmoved = q.clone();
        rotary.apply(unmoved, 0, 0);
        assertArrayEquals(q, unmoved);
    }

    /** GPT-J turns neighbouring dims (0, 1) together; GPT-NeoX turns dim 0 with dim rotaryDim / 2. */
    @Test
    void theStylesPairDifferentDims() {
        float[] gptj = new float[8];
        gptj[0] = 1;
        new Rotary(true, 8, 10000f).apply(gptj, 0, 1);
        assertEquals((float) Math.sin(1), gptj[1], 1e-6f);
        assertEquals(0f, gptj[4]);
        float[] neox = new float[8];
        neox[0] = 1;
        new Rotary(false, 8, 10000f).apply(neox, 0, 1);
        assertEquals((float) Math.sin(1), neox[4], 1e-6f);
        assertEquals(0f, neox[1]);
    }

    private static double rotatedDot(Rotary rotary, float[] q, int m, float[] k, int n) {
        float[] a = q.clone();
        float[] b = k.clone();
        rotary.apply(a, 0, m);
        rotary.apply(b, 0, n);
        double dot = 0;
        for (int i = 0; i < a.length; i++) dot += (double) a[i] * b[i];
        return dot;
    }

    @Test
    void postNormDiffersFromPreNormOnTheSameWeights() {
        // The two OPT variants share every tensor except the final norm: the block order must matter.
        ModelConfig post = TinyConfigs.opt(true);
        HostWeights weights = RandomInit.generate(post, 4);
        int[] prompt = Prompts.random(1, 9, post.vocabSize(), 2)[0];
        float[] postLogits = new ReferenceModel(post, weights).logitsNoCache(prompt);
        ModelConfig pre = TinyConfigs.opt(false);
        List<HostTensor> tensors = new ArrayList<>();
        for (String name : weights.names()) tensors.add(weights.get(name));
        tensors.add(new HostTensor(WeightLayout.FINAL_NORM + ".weight", new int[] {pre.hiddenSize()}, ones(pre.hiddenSize())));
        tensors.add(new HostTensor(WeightLayout.FINAL_NORM + ".bias", new int[] {pre.hiddenSize()}, new float[pre.hiddenSize()]));
        float[] preLogits = new ReferenceModel(pre, new HostWeights(pre, tensors)).logitsNoCache(prompt);
        assertTrue(Compare.relativeError(preLogits, postLogits) > 0.01);
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, 1f);
        return v;
    }

    @Test
    void unimplementedFeaturesAndBadInputsAreRejected() {
        ModelConfig unpositioned = new ConfigBuilder("no_positions", Family.GPT).shape(2, 6, 0, 96, 101, 64, 160)
                .limits(4, 64, 64).positions(PositionEmbedding.NONE, 0).build();
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> new ReferenceModel(unpositioned, null));
        assertEquals("the CPU reference does not implement position embedding NONE (model no_positions)", e.getMessage());

        ModelConfig c = TinyConfigs.gpt();
        ReferenceModel model = new ReferenceModel(c, RandomInit.generate(c, 1));
        e = assertThrows(LlmbenchException.class, () -> model.logitsNoCache(new int[] {3, 101}));
        assertEquals("token id 101 is outside the vocabulary of " + c.name() + " (0..100)", e.getMessage());
        assertThrows(LlmbenchException.class, () -> model.newSession(1, c.arch().positions().maxPositions() + 1));
        Session session = model.newSession(2, 4);
        assertThrows(LlmbenchException.class, () -> session.forward(new int[][] {{1, 2}, {3}}));
        session.forward(new int[][] {{1, 2, 3}, {4, 5, 6}});
        e = assertThrows(LlmbenchException.class, () -> session.forward(new int[][] {{1, 2}, {3, 4}}));
        assertEquals("session of 4 tokens cannot take 2 more after 3", e.getMessage());
    }

    @Test
    void argmaxTakesTheLowestIndexOnTies() {
        assertEquals(1, ReferenceModel.argmax(new float[] {0f, 2f, -1f, 2f}));
    }

    @Test
    void relativeErrorIsInfiniteForNaNAndZeroForEqualArrays() {
        assertEquals(Double.POSITIVE_INFINITY, Compare.relativeError(new float[] {1, Float.NaN}, new float[] {1, 2}));
        assertEquals(Double.POSITIVE_INFINITY, Compare.relativeError(new float[] {1, 2}, new float[] {Float.NaN, 2}));
        assertEquals(0.0, Compare.relativeError(new float[] {0, 0}, new float[] {0, 0}));
        assertEquals(1.25, Compare.relativeError(new float[] {3, 0}, new float[] {0, 4}), 1e-12);
    }
}
