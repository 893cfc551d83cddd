package dev.llmbench.weights;

import dev.llmbench.LlmbenchException;
import dev.llmbench.families.ModelRegistry;
import dev.llmbench.model.ConfigBuilder;
import dev.llmbench.model.Family;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Shard;
import dev.llmbench.model.TinyConfigs;
import dev.llmbench.reference.Compare;
import dev.llmbench.testing.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Tensor-parallel shards of the canonical layout: each rank's tensors have the shapes the layout says, and
 * the Megatron algebra holds on them — the column-parallel QKV and MLP-up products of the ranks are the
 * whole products' blocks, and the row-parallel products (attention out, MLP down) sum over the ranks to the
 * whole product, which is what the all-reduce after them computes.
 */
class ShardLayoutTest {
    private static final double TOLERANCE = 1e-5;

    /** LLaMA with 6 heads and 2 key/value heads, an MLP of 160: splits over 2 ranks. */
    private final ModelConfig llama = TinyConfigs.llama();

    @Test
    void everyRanksSliceHasTheLayoutsShape() {
        HostWeights whole = RandomInit.generate(llama, Random.freshSeed());
        for (int rank = 0; rank < 2; rank++) {
            Shard shard = new Shard(rank, 2);
            for (WeightShape w : WeightLayout.tensors(llama, shard)) {
                HostTensor part = w.split().slice(whole.get(w.name()), llama, shard);
                assertArrayEquals(w.shape(), part.shape(), w.name() + " of rank " + rank);
            }
        }
    }

    @Test
    void theRanksHoldTheWholeModelOnceBesidesWhatEachHoldsWhole() {
        for (String name : List.of("llama_70b", "gpt_175b", "opt_66b")) {
            ModelConfig c = ModelRegistry.get(name);
            long whole = 0;
            long replicated = 0;
            for (WeightShape w : WeightLayout.tensors(c)) {
                whole += w.numel();
                if (w.split() == Split.WHOLE) replicated += w.numel();
            }
            int ranks = 8;
            long sum = 0;
            for (int r = 0; r < ranks; r++) {
                for (WeightShape w : WeightLayout.tensors(c, new Shard(r, ranks))) sum += w.numel();
            }
            assertEquals(whole + (ranks - 1) * replicated, sum, name);
        }
    }

    @Test
    void columnParallelQkvGivesEachRankItsOwnHeads() {
        HostWeights whole = RandomInit.generate(llama, Random.freshSeed());
        String name = WeightLayout.layer(1) + "qkv.weight";
        int rows = 3;
        float[] x = Random.floats(rows * llama.hiddenSize(), Random.freshSeed());
        float[] all = matmul(x, whole.get(name), rows); // (rows, (H + 2KV) D)
        int d = llama.headDim();
        for (int rank = 0; rank < 2; rank++) {
            Shard shard = new Shard(rank, 2);
            float[] part = matmul(x, Split.QKV_HEADS.slice(whole.get(name), llama, shard), rows);
            int q = shard.heads(llama) * d;
            int kv = shard.kvHeads(llama) * d;
            int width = q + 2 * kv;
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < q; j++) {
                    assertEquals(all[r * llama.qkvSize() + rank * q + j], part[r * width + j], "q of rank " + rank);
                }
                int k0 = llama.numHeads() * d + shard.firstKvHead(llama) * d;
                int v0 = (llama.numHeads() + llama.numKvHeads()) * d + shard.firstKvHead(llama) * d;
                for (int j = 0; j < kv; j++) {
                    assertEquals(all[r * llama.qkvSize() + k0 + j], part[r * width + q + j], "k of rank " + rank);
                    assertEquals(all[r * llama.qkvSize() + v0 + j], part[r * width + q + kv + j], "v of rank " + rank);
                }
            }
        }
    }

    /** down(silu(gate x) * up x) of the whole MLP is the sum over ranks of their column- then row-parallel halves. */
    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void rowParallelPartialsSumToTheWholeMlp(int ranks) {
        HostWeights whole = RandomInit.generate(llama, Random.freshSeed());
        String up = WeightLayout.layer(0) + "mlp_up.weight";
        String down = WeightLayout.layer(0) + "mlp_down.weight";
        int rows = 2;
        float[] x = Random.floats(rows * llama.hiddenSize(), Random.freshSeed());
        float[] expected = matmul(swiglu(matmul(x, whole.get(up), rows), rows), whole.get(down), rows);
        float[] sum = new float[expected.length];
        for (int rank = 0; rank < ranks; rank++) {
            Shard shard = new Shard(rank, ranks);
            float[] hidden = swiglu(matmul(x, Split.GATE_UP_ROWS.slice(whole.get(up), llama, shard), rows), rows);
            float[] partial = matmul(hidden, Split.COLUMNS.slice(whole.get(down), llama, shard), rows);
            for (int i = 0; i < sum.length; i++) sum[i] += partial[i];
        }
        assertTrue(Compare.relativeError(sum, expected) < TOLERANCE, "relative error " + Compare.relativeError(sum, expected));
    }

    /** Multi-query attention over more ranks than key/value heads: every rank keeps the head its queries read. */
    @Test
    void aSharedKeyValueHeadIsKeptWholeOnEveryRank() {
        ModelConfig mqa = new ConfigBuilder("tiny_mqa", Family.GPT).shape(2, 4, 1, 64, 50, 32, 128).limits(2, 16, 16).build();
        for (int rank = 0; rank < 4; rank++) {
            Shard shard = new Shard(rank, 4);
            assertEquals(1, shard.kvHeads(mqa));
            assertEquals(0, shard.firstKvHead(mqa));
        }
        ModelConfig gqa = TinyConfigs.llama(); // 2 key/value heads over 6 ranks: each serves 3 ranks
        assertEquals(List.of(0, 0, 0, 1, 1, 1), java.util.stream.IntStream.range(0, 6)
                .mapToObj(r -> new Shard(r, 6).firstKvHead(gqa)).toList());
    }

    /**
     * The widths the GPU engine sizes a rank's buffers and products by ({@link Shard#qkv}, {@link Shard#attentionWidth},
     * {@link Shard#mlpUp}, {@link Shard#mlp}) are those of the rank's weights in the layout, for every registry decoder
     * and every world size it splits over, a mixture's stacked experts included.
     */
    @Test
    void theEnginesRankWidthsAreTheLayoutsShapes() {
        int checked = 0;
        for (String name : ModelRegistry.names()) {
            ModelConfig c = ModelRegistry.get(name);
            if (c.arch().encoder()) continue;
            for (int size : new int[] {2, 4, 8}) {
                try {
                    new Shard(0, size).requireSplittable(c);
                } catch (LlmbenchException doesNotSplit) {
                    continue;
                }
                Shard shard = new Shard(size - 1, size);
                java.util.Map<String, int[]> shapes = new java.util.HashMap<>();
                for (WeightShape w : WeightLayout.tensors(c, shard)) shapes.put(w.name(), w.shape());
                String p = WeightLayout.layer(0);
                String where = name + " over " + size;
                assertEquals(shard.qkv(c), shapes.get(p + "qkv.weight")[0], where);
                assertEquals(shard.attentionWidth(c), shapes.get(p + "attn_out.weight")[1], where);
                int[] up = shapes.get(p + "mlp_up.weight"), down = shapes.get(p + "mlp_down.weight");
                assertEquals(shard.mlpUp(c), up[up.length - 2], where); // (out, in), or (experts, out, in)
                assertEquals(shard.mlp(c), down[down.length - 1], where);
                if (c.arch().experts().present()) assertEquals(c.arch().experts().count(), up[0], where);
                checked++;
            }
        }
        assertTrue(checked > 10, "only " + checked + " registry models split");
    }

    /** A mixture's stacked (E, out, in) weights: each expert's matrix is cut as that expert alone would be. */
    @Test
    void stackedExpertsAreCutMatrixByMatrix() {
        ModelConfig mixtral = ModelRegistry.get("mixtral_8x7b");
        int experts = 3, out = 8, in = 6;
        float[] data = Random.floats(experts * out * in, Random.freshSeed());
        HostTensor stacked = new HostTensor("layers.0.mlp_up.weight", new int[] {experts, out, in}, data);
        for (Split split : new Split[] {Split.GATE_UP_ROWS, Split.ROWS, Split.COLUMNS}) {
            for (int rank = 0; rank < 2; rank++) {
                Shard shard = new Shard(rank, 2);
                HostTensor cut = split.slice(stacked, mixtral, shard);
                assertArrayEquals(split.shape(stacked.shape(), mixtral, shard), cut.shape(), split + " shape");
                int part = cut.shape()[1] * cut.shape()[2];
                for (int e = 0; e < experts; e++) {
                    float[] one = java.util.Arrays.copyOfRange(data, e * out * in, (e + 1) * out * in);
                    HostTensor alone = split.slice(new HostTensor("m", new int[] {out, in}, one), mixtral, shard);
                    assertArrayEquals(alone.data(), java.util.Arrays.copyOfRange(cut.data(), e * part, (e + 1) * part),
                            split + " expert " + e + " of rank " + rank);
                }
            }
        }
    }

    @Test
    void aModelThatDoesNotSplitEvenlySaysWhy() {
        LlmbenchException e = assertThrows(LlmbenchException.class,
                () -> new Shard(0, 3).requireSplittable(ModelRegistry.get("llama_70b")));
        assertEquals("llama_70b cannot be split over 3 GPUs: 64 attention heads are not a multiple of 3", e.getMessage());
        new Shard(0, 8).requireSplittable(ModelRegistry.get("llama_70b"));
        assertThrows(IllegalArgumentException.class, () -> new Shard(2, 2));
    }

    /** x (rows, in) times W^T for W (out, in): (rows, out), accumulated in double. */
    private static float[] matmul(float[] x, HostTensor w, int rows) {
        int out = w.shape()[0];
        int in = w.shape()[1];
        float[] y = new float[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double s = 0;
                for (int i = 0; i < in; i++) s += (double) x[r * in + i] * w.data()[o * in + i];
                y[r * out + o] = (float) s;
            }
        }
        return y;
    }

    /** (rows, 2I) gate|up -> (rows, I) silu(gate) * up. */
    private static float[] swiglu(float[] gateUp, int rows) {
        int inner = gateUp.length / rows / 2;
        float[] out = new float[rows * inner];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < inner; j++) {
                float g = gateUp[r * 2 * inner + j];
                float u = gateUp[r * 2 * inner + inner + j];
                out[r * inner + j] = (float) (g / (1 + Math.exp(-g)) * u);
            }
        }
        return out;
    }
}
