package dev.llmbench.families;

import dev.llmbench.model.Activation;
import dev.llmbench.model.Biases;
import dev.llmbench.model.BlockLayout;
import dev.llmbench.model.ConfigBuilder;
import dev.llmbench.model.Family;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.NormKind;
import dev.llmbench.model.PositionEmbedding;
import dev.llmbench.weights.CheckpointTensors;
import dev.llmbench.weights.HfConfig;
import dev.llmbench.weights.HostTensor;
import dev.llmbench.weights.WeightLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * Falcon 7B and later: NeoX rotary on the whole head, no biases, the exact (erf) GELU, attention and MLP in
 * parallel off one LayerNorm with multi-query attention (7B), or off two LayerNorms with grouped key/value
 * heads (the "new decoder architecture" of 40B and 180B), tied LM head. Falcon-RW is the older design:
 * ALiBi added before the 1/sqrt(D) scaling (its slopes are scaled too: {@code ALIBI_SCALED}), attention then MLP,
 * biases. Checkpoints: FalconForCausalLM; its fused query_key_value is regrouped into the canonical order
 * ({@link FusedQkv}).
 */
final class FalconFamily extends MappedFamily {
    private static final String PREFIX = "transformer.";

    FalconFamily() {
        super(Family.FALCON, "FalconForCausalLM", true);
    }

    @Override
    public ConfigBuilder preset(String name) {
        return new ConfigBuilder(name, Family.FALCON).activation(Activation.GELU_ERF)
                .rotary(PositionEmbedding.ROPE_NEOX, 1.0, 10000f).biases(Biases.NONE).layout(BlockLayout.PARALLEL);
    }

    @Override
    public ModelConfig config(HfConfig json, String name, CheckpointTensors tensors) {
        int hidden = json.requireInt("hidden_size");
        int heads = json.requireInt("num_attention_heads");
        int positions = json.intOr("max_position_embeddings", 2048);
        ConfigBuilder b = preset(name)
                .shape(json.requireInt("num_hidden_layers"), heads, kvHeads(json, heads), hidden, json.requireInt("vocab_size"),
                        positions, json.intOr("ffn_hidden_size", 4 * hidden))
                .activation(json.activation("activation", "gelu"))
                .norm(NormKind.LAYER_NORM, json.floatOr("layer_norm_epsilon", 1e-5f))
                .layout(layout(json))
                .biases(json.boolOr("bias", false) ? Biases.BLOCKS : Biases.NONE)
                .tied(json.boolOr("tie_word_embeddings", true) || !tensors.has(HF_LM_HEAD))
                .limits(256, positions, positions);
        if (json.boolOr("alibi", false)) {
            b.positions(PositionEmbedding.ALIBI_SCALED, 0);
        } else {
            b.rotary(PositionEmbedding.ROPE_NEOX, 1.0, (float) json.ropeParameter("rope_theta", "rope_theta", 10000));
        }
        return b.build();
    }

    private static int kvHeads(HfConfig json, int heads) {
        if (json.boolOr("new_decoder_architecture", false)) return json.requireInt("num_kv_heads");
        return json.boolOr("multi_query", true) ? 1 : heads;
    }

    private static BlockLayout layout(HfConfig json) {
        if (!json.boolOr("parallel_attn", true)) return BlockLayout.PRE_NORM;
        return twoNorms(json) ? BlockLayout.PARALLEL_TWO_NORMS : BlockLayout.PARALLEL;
    }

    /** The new architecture has ln_attn and ln_mlp unless num_ln_in_parallel_attn says 1. */
    private static boolean twoNorms(HfConfig json) {
        return json.boolOr("new_decoder_architecture", false) && json.intOr("num_ln_in_parallel_attn", 2) == 2;
    }

    @Override
    public List<HostTensor> tensors(ModelConfig c, CheckpointTensors t) {
        int hidden = c.hiddenSize();
        int inner = c.mlpSize();
        BlockLayout layout = c.arch().layout();
        List<HostTensor> out = new ArrayList<>();
        HostTensor embed = t.read(PREFIX + "word_embeddings.weight", c.vocabSize(), hidden).renamed(WeightLayout.EMBED);
        out.add(embed);
        for (int l = 0; l < c.numLayers(); l++) {
            String hf = PREFIX + "h." + l + ".";
            String p = WeightLayout.layer(l);
            if (layout == BlockLayout.PARALLEL_TWO_NORMS) {
                HfTensors.layerNorm(out, t, hf + "ln_attn", p + "attn_norm", hidden);
                HfTensors.layerNorm(out, t, hf + "ln_mlp", p + "mlp_norm", hidden);
            } else {
                HfTensors.layerNorm(out, t, hf + "input_layernorm", p + "attn_norm", hidden);
                if (layout == BlockLayout.PRE_NORM) HfTensors.layerNorm(out, t, hf + "post_attention_layernorm", p + "mlp_norm", hidden);
            }
            out.add(qkv(t.read(hf + "self_attention.query_key_value.weight", c.qkvSize(), hidden), c, p + "qkv.weight"));
            out.add(t.read(hf + "self_attention.dense.weight", hidden, hidden).renamed(p + "attn_out.weight"));
            out.add(t.read(hf + "mlp.dense_h_to_4h.weight", inner, hidden).renamed(p + "mlp_up.weight"));
            out.add(t.read(hf + "mlp.dense_4h_to_h.weight", hidden, inner).renamed(p + "mlp_down.weight"));
            if (c.arch().biases().qkv()) {
                out.add(qkv(t.read(hf + "self_attention.query_key_value.bias", c.qkvSize()), c, p + "qkv.bias"));
                out.add(t.read(hf + "self_attention.dense.bias", hidden).renamed(p + "attn_out.bias"));
                out.add(t.read(hf + "mlp.dense_h_to_4h.bias", inner).renamed(p + "mlp_up.bias"));
                out.add(t.read(hf + "mlp.dense_4h_to_h.bias", hidden).renamed(p + "mlp_down.bias"));
            }
        }
        HfTensors.layerNorm(out, t, PREFIX + "ln_f", WeightLayout.FINAL_NORM, hidden);
        out.add(HfTensors.lmHead(c, t, embed));
        return out;
    }

    /**
     * The fused rows in the canonical order. Every layout Falcon writes is groups of H / KV query heads, each
     * followed by its key and value head; with one key/value head (multi-query) that is the canonical order.
     */
    private static HostTensor qkv(HostTensor fused, ModelConfig c, String name) {
        int kv = c.numKvHeads();
        return kv == 1 ? fused.renamed(name) : FusedQkv.canonical(fused, kv, c.numHeads() / kv, c.headDim(), name);
    }
}
