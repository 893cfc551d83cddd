package dev.llmbench.weights;

import dev.llmbench.model.Biases;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.NormKind;
import dev.llmbench.model.Positions;

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
 * pos_embed.weight         (P, C)            learned positions only; OPT's table includes its 2 offset rows
 * layers.{l}.attn_norm.weight / .bias (C)    bias for LayerNorm only
 * layers.{l}.qkv.weight    ((H + 2KV) D, C)  rows: all q heads, then all k heads, then all v heads
 * layers.{l}.qkv.bias      ((H + 2KV) D)
 * layers.{l}.attn_out.weight (C, H D), .bias (C)
 * layers.{l}.mlp_norm.weight / .bias (C)
 * layers.{l}.mlp_up.weight (I, C)            SwiGLU: (2I, C), the gate rows then the up rows
 * layers.{l}.mlp_up.bias   (I)               (2I for SwiGLU)
 * layers.{l}.mlp_down.weight (C, I), .bias (C)
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
    public static final String FINAL_NORM = "final_norm";
    public static final String LM_HEAD = "lm_head.weight";
    public static final String LM_HEAD_BIAS = "lm_head.bias";

    private WeightLayout() {
    }

    /** Whether {@code name} is an LM head that shares the token embedding's data (nothing of its own to store or fill). */
    public static boolean isTiedLmHead(ModelConfig c, String name) {
        return name.equals(LM_HEAD) && c.arch().tiedEmbeddings();
    }

    /** Prefix of layer {@code l}'s tensor names, e.g. "layers.3.". */
    public static String layer(int l) {
        return "layers." + l + ".";
    }

    /** All tensors of {@code c} in the order the runtime lays them out. */
    public static List<WeightShape> tensors(ModelConfig c) {
        int hidden = c.hiddenSize();
        Biases biases = c.arch().biases();
        List<WeightShape> tensors = new ArrayList<>();
        tensors.add(new WeightShape(EMBED, new int[] {c.vocabSize(), hidden}));
        Positions positions = c.arch().positions();
        if (positions.learned()) {
            tensors.add(new WeightShape(POS_EMBED, new int[] {positions.maxPositions() + positions.offset(), hidden}));
        }
        for (int l = 0; l < c.numLayers(); l++) {
            String p = layer(l);
            addNorm(tensors, c, p + "attn_norm");
            addLinear(tensors, p + "qkv", c.qkvSize(), hidden, biases.qkv());
            addLinear(tensors, p + "attn_out", hidden, c.numHeads() * c.headDim(), biases.attentionOut());
            addNorm(tensors, c, p + "mlp_norm");
            addLinear(tensors, p + "mlp_up", c.mlpUpSize(), hidden, biases.mlp());
            addLinear(tensors, p + "mlp_down", hidden, c.mlpSize(), biases.mlp());
        }
        if (c.arch().finalNorm()) {
            addNorm(tensors, c, FINAL_NORM);
        }
        tensors.add(new WeightShape(LM_HEAD, new int[] {c.vocabSize(), hidden}));
        if (biases.lmHead()) {
            tensors.add(new WeightShape(LM_HEAD_BIAS, new int[] {c.vocabSize()}));
        }
        return tensors;
    }

    private static void addNorm(List<WeightShape> tensors, ModelConfig c, String name) {
        tensors.add(new WeightShape(name + ".weight", new int[] {c.hiddenSize()}));
        if (c.arch().norm() == NormKind.LAYER_NORM) {
            tensors.add(new WeightShape(name + ".bias", new int[] {c.hiddenSize()}));
        }
    }

    private static void addLinear(List<WeightShape> tensors, String name, int out, int in, boolean bias) {
        tensors.add(new WeightShape(name + ".weight", new int[] {out, in}));
        if (bias) {
            tensors.add(new WeightShape(name + ".bias", new int[] {out}));
        }
    }
}
