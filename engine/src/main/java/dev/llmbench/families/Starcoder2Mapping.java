package dev.llmbench.families;

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
 * Starcoder2ForCausalLM, read by the GPT family as the registry's starcoder2_3b is: pre-norm LayerNorm
 * blocks with biases on every projection, grouped-query attention, NeoX rotary on the whole head, the
 * tanh GELU, tied LM head. Its sliding-window attention changes nothing within the window, so the
 * checkpoint's sequences are limited to the window.
 */
final class Starcoder2Mapping implements HfMapping {
    private final GptFamily gpt;

    Starcoder2Mapping(GptFamily gpt) {
        this.gpt = gpt;
    }

    @Override
    public String hfArchitecture() {
        return "Starcoder2ForCausalLM";
    }

    @Override
    public ModelConfig config(HfConfig json, String name, CheckpointTensors tensors) {
        if (!json.boolOr("use_bias", true)) {
            throw json.problem("has use_bias false, which is not supported");
        }
        int hidden = json.requireInt("hidden_size");
        int heads = json.requireInt("num_attention_heads");
        int positions = json.requireInt("max_position_embeddings");
        int window = Math.min(positions, json.intOr("sliding_window", positions));
        return gpt.preset(name)
                .shape(json.requireInt("num_hidden_layers"), heads, json.intOr("num_key_value_heads", heads), hidden,
                        json.requireInt("vocab_size"), positions, json.requireInt("intermediate_size"))
                .activation(json.activation("hidden_act", "gelu_pytorch_tanh"))
                .norm(NormKind.LAYER_NORM, json.floatOr("norm_epsilon", 1e-5f))
                .rotary(PositionEmbedding.ROPE_NEOX, 1.0, (float) json.ropeParameter("rope_theta", "rope_theta", 10000))
                .tied(json.boolOr("tie_word_embeddings", true) || !tensors.has(MappedFamily.HF_LM_HEAD))
                .limits(256, window, window)
                .build();
    }

    @Override
    public List<HostTensor> tensors(ModelConfig c, CheckpointTensors t) {
        int hidden = c.hiddenSize();
        int kvSize = c.numKvHeads() * c.headDim();
        int inner = c.mlpSize();
        List<HostTensor> out = new ArrayList<>();
        HostTensor embed = t.read("model.embed_tokens.weight", c.vocabSize(), hidden).renamed(WeightLayout.EMBED);
        out.add(embed);
        for (int l = 0; l < c.numLayers(); l++) {
            String hf = "model.layers." + l + ".";
            String p = WeightLayout.layer(l);
            HfTensors.layerNorm(out, t, hf + "input_layernorm", p + "attn_norm", hidden);
            out.add(HostTensor.concatRows(p + "qkv.weight", t.read(hf + "self_attn.q_proj.weight", hidden, hidden),
                    t.read(hf + "self_attn.k_proj.weight", kvSize, hidden), t.read(hf + "self_attn.v_proj.weight", kvSize, hidden)));
            out.add(HostTensor.concatRows(p + "qkv.bias", t.read(hf + "self_attn.q_proj.bias", hidden),
                    t.read(hf + "self_attn.k_proj.bias", kvSize), t.read(hf + "self_attn.v_proj.bias", kvSize)));
            out.add(t.read(hf + "self_attn.o_proj.weight", hidden, hidden).renamed(p + "attn_out.weight"));
            out.add(t.read(hf + "self_attn.o_proj.bias", hidden).renamed(p + "attn_out.bias"));
            HfTensors.layerNorm(out, t, hf + "post_attention_layernorm", p + "mlp_norm", hidden);
            out.add(t.read(hf + "mlp.c_fc.weight", inner, hidden).renamed(p + "mlp_up.weight"));
            out.add(t.read(hf + "mlp.c_fc.bias", inner).renamed(p + "mlp_up.bias"));
            out.add(t.read(hf + "mlp.c_proj.weight", hidden, inner).renamed(p + "mlp_down.weight"));
            out.add(t.read(hf + "mlp.c_proj.bias", hidden).renamed(p + "mlp_down.bias"));
        }
        HfTensors.layerNorm(out, t, "model.norm", WeightLayout.FINAL_NORM, hidden);
        out.add(HfTensors.lmHead(c, t, embed));
        return out;
    }
}
