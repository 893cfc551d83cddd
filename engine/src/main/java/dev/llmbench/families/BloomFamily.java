package dev.llmbench.families;

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
 * BLOOM: ALiBi instead of position embeddings, a LayerNorm right after the token embedding, pre-norm blocks
 * with biases everywhere, GELU (tanh), tied LM head. Checkpoints: BloomForCausalLM, whose fused
 * query_key_value holds each head's q, k and v rows together ({@link FusedQkv}).
 */
final class BloomFamily extends MappedFamily {
    private static final String PREFIX = "transformer.";

    BloomFamily() {
        super(Family.BLOOM, "BloomForCausalLM", true);
    }

    @Override
    public ConfigBuilder preset(String name) {
        return new ConfigBuilder(name, Family.BLOOM).positions(PositionEmbedding.ALIBI, 0).embeddingNorm();
    }

    @Override
    public ModelConfig config(HfConfig json, String name, CheckpointTensors tensors) {
        if (json.boolOr("apply_residual_connection_post_layernorm", false)) {
            throw json.problem("adds the residual after the layer norm (apply_residual_connection_post_layernorm), which is not supported");
        }
        int hidden = json.requireInt("hidden_size");
        int heads = json.has("n_head") ? json.requireInt("n_head") : json.requireInt("num_attention_heads");
        int layers = json.has("n_layer") ? json.requireInt("n_layer") : json.requireInt("num_hidden_layers");
        // BLOOM has no position table and no fixed context; 2048 is what it was trained with.
        int positions = 2048;
        return preset(name)
                .shape(layers, heads, 0, hidden, json.requireInt("vocab_size"), positions, 4 * hidden)
                .norm(NormKind.LAYER_NORM, json.floatOr("layer_norm_epsilon", 1e-5f))
                .tied(json.boolOr("tie_word_embeddings", true) || !tensors.has(HF_LM_HEAD))
                .limits(256, positions, positions)
                .build();
    }

    @Override
    public List<HostTensor> tensors(ModelConfig c, CheckpointTensors t) {
        int hidden = c.hiddenSize();
        int inner = c.mlpSize();
        List<HostTensor> out = new ArrayList<>();
        HostTensor embed = t.read(PREFIX + "word_embeddings.weight", c.vocabSize(), hidden).renamed(WeightLayout.EMBED);
        out.add(embed);
        HfTensors.layerNorm(out, t, PREFIX + "word_embeddings_layernorm", WeightLayout.EMBED_NORM, hidden);
        for (int l = 0; l < c.numLayers(); l++) {
            String hf = PREFIX + "h." + l + ".";
            String p = WeightLayout.layer(l);
            HfTensors.layerNorm(out, t, hf + "input_layernorm", p + "attn_norm", hidden);
            out.add(FusedQkv.canonical(t.read(hf + "self_attention.query_key_value.weight", 3 * hidden, hidden), c.numHeads(), 1,
                    c.headDim(), p + "qkv.weight"));
            out.add(FusedQkv.canonical(t.read(hf + "self_attention.query_key_value.bias", 3 * hidden), c.numHeads(), 1,
                    c.headDim(), p + "qkv.bias"));
            out.add(t.read(hf + "self_attention.dense.weight", hidden, hidden).renamed(p + "attn_out.weight"));
            out.add(t.read(hf + "self_attention.dense.bias", hidden).renamed(p + "attn_out.bias"));
            HfTensors.layerNorm(out, t, hf + "post_attention_layernorm", p + "mlp_norm", hidden);
            out.add(t.read(hf + "mlp.dense_h_to_4h.weight", inner, hidden).renamed(p + "mlp_up.weight"));
            out.add(t.read(hf + "mlp.dense_h_to_4h.bias", inner).renamed(p + "mlp_up.bias"));
            out.add(t.read(hf + "mlp.dense_4h_to_h.weight", hidden, inner).renamed(p + "mlp_down.weight"));
            out.add(t.read(hf + "mlp.dense_4h_to_h.bias", hidden).renamed(p + "mlp_down.bias"));
        }
        HfTensors.layerNorm(out, t, PREFIX + "ln_f", WeightLayout.FINAL_NORM, hidden);
        out.add(HfTensors.lmHead(c, t, embed));
        return out;
    }
}
