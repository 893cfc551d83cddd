package dev.llmbench.families;

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
 * GPT-NeoX: a parallel residual with two LayerNorms (x += attention(ln1(x)) + mlp(ln2(x)); sequential with
 * {@code use_parallel_residual: false}), NeoX rotary on a fraction of each head, biases on every block
 * projection, own LM head. Checkpoints: GPTNeoXForCausalLM, whose fused query_key_value holds each head's
 * q, k and v rows together: they are regrouped into the canonical all-q, all-k, all-v order.
 */
final class GptNeoxFamily extends MappedFamily {
    private static final String PREFIX = "gpt_neox.";

    GptNeoxFamily() {
        super(Family.GPTNEOX, "GPTNeoXForCausalLM", true);
    }

    @Override
    public ConfigBuilder preset(String name) {
        return new ConfigBuilder(name, Family.GPTNEOX).layout(BlockLayout.PARALLEL_TWO_NORMS).untied();
    }

    @Override
    public ModelConfig config(HfConfig json, String name, CheckpointTensors tensors) {
        int hidden = json.requireInt("hidden_size");
        int positions = json.requireInt("max_position_embeddings");
        boolean attentionBias = json.boolOr("attention_bias", true);
        boolean tied = json.boolOr("tie_word_embeddings", false) || !tensors.has("embed_out.weight");
        return preset(name)
                .shape(json.requireInt("num_hidden_layers"), json.requireInt("num_attention_heads"), 0, hidden,
                        json.requireInt("vocab_size"), positions, json.requireInt("intermediate_size"))
                .activation(json.activation("hidden_act", "gelu"))
                .norm(NormKind.LAYER_NORM, json.floatOr("layer_norm_eps", 1e-5f))
                .layout(json.boolOr("use_parallel_residual", true) ? BlockLayout.PARALLEL_TWO_NORMS : BlockLayout.PRE_NORM)
                .rotary(PositionEmbedding.ROPE_NEOX, json.ropeParameter("partial_rotary_factor", "rotary_pct", 0.25),
                        (float) json.ropeParameter("rope_theta", "rotary_emb_base", 10000))
                .biases(new Biases(attentionBias, attentionBias, true, false))
                .tied(tied)
                .limits(256, positions, positions)
                .build();
    }

    /**
     * One block under GPT-NeoX's names below {@code hf} (ChatGLM-6B v1 uses the same): input_layernorm, the fused
     * per-head query_key_value and dense (with biases where the model has them), post_attention_layernorm and the MLP's
     * dense_h_to_4h and dense_4h_to_h with biases, as the canonical tensors of layer prefix {@code p}.
     */
    static void readBlock(List<HostTensor> out, ModelConfig c, CheckpointTensors t, String hf, String p) {
        int hidden = c.hiddenSize();
        int inner = c.mlpSize();
        HfTensors.layerNorm(out, t, hf + "input_layernorm", p + "attn_norm", hidden);
        out.add(FusedQkv.canonical(t.read(hf + "attention.query_key_value.weight", 3 * hidden, hidden), c.numHeads(), 1,
                c.headDim(), p + "qkv.weight"));
        out.add(t.read(hf + "attention.dense.weight", hidden, hidden).renamed(p + "attn_out.weight"));
        if (c.arch().biases().qkv()) {
            out.add(FusedQkv.canonical(t.read(hf + "attention.query_key_value.bias", 3 * hidden), c.numHeads(), 1,
                    c.headDim(), p + "qkv.bias"));
            out.add(t.read(hf + "attention.dense.bias", hidden).renamed(p + "attn_out.bias"));
        }
        HfTensors.layerNorm(out, t, hf + "post_attention_layernorm", p + "mlp_norm", hidden);
        out.add(t.read(hf + "mlp.dense_h_to_4h.weight", inner, hidden).renamed(p + "mlp_up.weight"));
        out.add(t.read(hf + "mlp.dense_h_to_4h.bias", inner).renamed(p + "mlp_up.bias"));
        out.add(t.read(hf + "mlp.dense_4h_to_h.weight", hidden, inner).renamed(p + "mlp_down.weight"));
        out.add(t.read(hf + "mlp.dense_4h_to_h.bias", hidden).renamed(p + "mlp_down.bias"));
    }

    @Override
    public List<HostTensor> tensors(ModelConfig c, CheckpointTensors t) {
        int hidden = c.hiddenSize();
        List<HostTensor> out = new ArrayList<>();
        HostTensor embed = t.read(PREFIX + "embed_in.weight", c.vocabSize(), hidden).renamed(WeightLayout.EMBED);
        out.add(embed);
        for (int l = 0; l < c.numLayers(); l++) {
            readBlock(out, c, t, PREFIX + "layers." + l + ".", WeightLayout.layer(l));
        }
        HfTensors.layerNorm(out, t, PREFIX + "final_layer_norm", WeightLayout.FINAL_NORM, hidden);
        out.add(c.arch().tiedEmbeddings() ? embed.renamed(WeightLayout.LM_HEAD)
                : t.read("embed_out.weight", c.vocabSize(), hidden).renamed(WeightLayout.LM_HEAD));
        return out;
    }
}
