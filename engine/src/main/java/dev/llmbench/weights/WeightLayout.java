package dev.llmbench.weights;

import dev.llmbench.model.Activation;
import dev.llmbench.model.Biases;
import dev.llmbench.model.BlockLayout;
import dev.llmbench.model.Experts;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.NormKind;
import dev.llmbench.model.Positions;
import dev.llmbench.model.Shard;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine's canonical weight layout: the names and shapes the GPU runtime consumes, the CPU reference
 * reads, random initialisation fills and checkpoint loaders produce. This class is the single source of
 * truth for them.
 *
 * <p>With C hidden, H heads, KV key/value heads, D = C/H, I the MLP size, V the vocabulary and
 * P = maxPositions + positionOffset:
 * <pre>
 * embed.weight             (V, C)
 * type_embed.weight        (types, C)        token-type (segment) embeddings, where the model has them (BERT)
 * embed_norm.weight / .bias (C)             the norm after the embedding, where the model has one (BLOOM, BERT)
 * pos_embed.weight         (P, C)            learned positions only; OPT's table includes its 2 offset rows
 * layers.{l}.attn_norm.weight / .bias (C)    bias for LayerNorm only
 * layers.{l}.qkv.weight    ((H + 2KV) D, C)  rows: all q heads, then all k heads, then all v heads
 * layers.{l}.qkv.bias      ((H + 2KV) D)
 * layers.{l}.attn_out.weight (C, H D), .bias (C)
 * layers.{l}.mlp_norm.weight / .bias (C)    not in a parallel block with one norm (GPT-J): attn_norm feeds both
 * layers.{l}.mlp_up.weight (I, C)            SwiGLU: (2I, C), the gate rows then the up rows
 * layers.{l}.mlp_up.bias   (I)               (2I for SwiGLU)
 * layers.{l}.mlp_down.weight (C, I), .bias (C)
 * layers.{l}.router.weight (E, C)            a mixture of E experts: with it, mlp_up is (E, 2I, C) and
 *                                            mlp_down (E, C, I), every expert's stacked, and no MLP bias
 * final_norm.weight / .bias (C)              when the model has a final norm
 * lm_head.weight           (V, C)            for tied models the same data as embed.weight
 * lm_head.bias             (V)               where the family has one (GPT-J)
 * </pre>
 * Linear weights are (out, in), row-major: y = x W^T + b. Which linear layers have a bias is the
 * architecture's {@link Biases}. In a post-norm model (opt_350m) attn_norm is the norm applied after the
 * attention residual add and mlp_norm the one after the MLP residual add.
 */
public final class WeightLayout {
    public static final String EMBED = "embed.weight";
    public static final String POS_EMBED = "pos_embed.weight";
    /** GLM-10B's block-position table (positions 0 .. maxPositions, as its position table). */
    public static final String BLOCK_EMBED = "block_embed.weight";
    public static final String EMBED_NORM = "embed_norm";
    public static final String TYPE_EMBED = "type_embed.weight";
    /** An encoder's pooler: (C, C) and its bias (C). */
    public static final String POOLER = "pooler.weight", POOLER_BIAS = "pooler.bias";
    /** A block's expert router, (E, C): the name under the layer prefix. */
    public static final String ROUTER = "router.weight";
    public static final String FINAL_NORM = "final_norm";
    public static final String LM_HEAD = "lm_head.weight";
    public static final String LM_HEAD_BIAS = "lm_head.bias";
    private static final String LAYERS = "layers.";

    private WeightLayout() {
    }

    /** Whether {@code name} is an LM head that shares the token embedding's data (nothing of its own to store or fill). */
    public static boolean isTiedLmHead(ModelConfig c, String name) {
        return name.equals(LM_HEAD) && c.arch().tiedEmbeddings();
    }

    /** Prefix of layer {@code l}'s tensor names, e.g. "layers.3.". */
    public static String layer(int l) {
        return LAYERS + l + ".";
    }

    /** Whether {@code w} is the weight matrix of one of a block's linear layers (QKV, attention out, MLP up, MLP down). */
    public static boolean isBlockLinearWeight(WeightShape w) {
        return w.name().startsWith(LAYERS) && w.shape().length == 2;
    }

    /**
     * Whether a quantized weight format stores {@code w} in its codes: a block's linear weight or stacked expert
     * weights. Everything else stays dense: embeddings, norms, biases, the LM head, and the routers (as
     * TensorRT-LLM keeps them).
     */
    public static boolean isQuantizable(WeightShape w) {
        return (isBlockLinearWeight(w) || isStackedExpertWeight(w)) && !w.name().endsWith(ROUTER);
    }

    /** Whether the tensor {@code name} belongs to a block (its name is under a layer prefix). */
    public static boolean inBlock(String name) {
        return name.startsWith(LAYERS);
    }

    /** Whether {@code w} is a block's MLP weight of every expert stacked, (E, out, in). */
    public static boolean isStackedExpertWeight(WeightShape w) {
        return w.name().startsWith(LAYERS) && w.shape().length == 3;
    }

    /** All tensors of {@code c} in the order the runtime lays them out, whole (one GPU). */
    public static List<WeightShape> tensors(ModelConfig c) {
        return tensors(c, Shard.WHOLE);
    }

    /**
     * The tensors tensor-parallel rank {@code shard} holds, in the order the runtime lays them out: the
     * attention and MLP projections split by {@link Split}, norms and embeddings whole.
     */
    public static List<WeightShape> tensors(ModelConfig c, Shard shard) {
        int hidden = c.hiddenSize();
        Biases biases = c.arch().biases();
        Split mlpUp = c.arch().activation() == Activation.SWIGLU ? Split.GATE_UP_ROWS : Split.ROWS;
        Layout layout = new Layout(c, shard);
        Positions positions = c.arch().positions();
        layout.add(EMBED, Split.WHOLE, c.vocabSize(), hidden);
        if (c.arch().tokenTypes() > 0) {
            layout.add(TYPE_EMBED, Split.WHOLE, c.arch().tokenTypes(), hidden);
        }
        if (c.arch().embeddingNorm()) {
            layout.norm(EMBED_NORM);
        }
        if (positions.learned()) {
            layout.add(POS_EMBED, Split.WHOLE, positions.maxPositions() + positions.offset(), hidden);
        }
        if (positions.learned2d()) {
            // positions 0 .. maxPositions: the generated tokens sit at the prompt's length, which may be maxPositions
            layout.add(POS_EMBED, Split.WHOLE, positions.maxPositions() + 1, hidden);
            layout.add(BLOCK_EMBED, Split.WHOLE, positions.maxPositions() + 1, hidden);
        }
        for (int l = 0; l < c.numLayers(); l++) {
            String p = layer(l);
            layout.norm(p + "attn_norm");
            layout.linear(p + "qkv", Split.QKV_HEADS, Split.QKV_HEADS, c.qkvSize(), hidden, biases.qkv());
            layout.linear(p + "attn_out", Split.COLUMNS, Split.WHOLE, hidden, c.numHeads() * c.headDim(), biases.attentionOut());
            if (c.arch().layout() != BlockLayout.PARALLEL) {
                layout.norm(p + "mlp_norm");
            }
            Experts experts = c.arch().experts();
            if (experts.present()) {
                // Every expert's MLP stacked; a tensor-parallel rank holds its block of every expert's inner size.
                layout.add(p + ROUTER, Split.WHOLE, experts.count(), hidden);
                layout.add(p + "mlp_up.weight", mlpUp, experts.count(), c.mlpUpSize(), hidden);
                layout.add(p + "mlp_down.weight", Split.COLUMNS, experts.count(), hidden, c.mlpSize());
            } else {
                layout.linear(p + "mlp_up", mlpUp, mlpUp, c.mlpUpSize(), hidden, biases.mlp());
                layout.linear(p + "mlp_down", Split.COLUMNS, Split.WHOLE, hidden, c.mlpSize(), biases.mlp());
            }
        }
        if (c.arch().finalNorm()) {
            layout.norm(FINAL_NORM);
        }
        if (c.arch().pooler()) {
            layout.add(POOLER, Split.WHOLE, hidden, hidden);
            layout.add(POOLER_BIAS, Split.WHOLE, hidden);
        }
        layout.add(LM_HEAD, Split.WHOLE, c.vocabSize(), hidden);
        if (biases.lmHead()) {
            layout.add(LM_HEAD_BIAS, Split.WHOLE, c.vocabSize());
        }
        return layout.tensors;
    }

    /** The tensors of one rank, collected in order. */
    private static final class Layout {
        private final ModelConfig c;
        private final Shard shard;
        private final List<WeightShape> tensors = new ArrayList<>();

        Layout(ModelConfig c, Shard shard) {
            this.c = c;
            this.shard = shard;
        }

        void add(String name, Split split, int... wholeShape) {
            tensors.add(new WeightShape(name, split.shape(wholeShape, c, shard), split));
        }

        void norm(String name) {
            add(name + ".weight", Split.WHOLE, c.hiddenSize());
            if (c.arch().norm() == NormKind.LAYER_NORM) {
                add(name + ".bias", Split.WHOLE, c.hiddenSize());
            }
        }

        /** A linear layer's (out, in) weight and, where it has one, its (out) bias, each split its own way. */
        void linear(String name, Split weightSplit, Split biasSplit, int out, int in, boolean bias) {
            add(name + ".weight", weightSplit, out, in);
            if (bias) {
                add(name + ".bias", biasSplit, out);
            }
        }
    }
}
