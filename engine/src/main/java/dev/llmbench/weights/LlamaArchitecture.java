package dev.llmbench.weights;

import dev.llmbench.model.Activation;
import dev.llmbench.model.Family;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.NormKind;
import dev.llmbench.model.PositionEmbedding;

import java.util.ArrayList;
import java.util.List;

/**
 * LlamaForCausalLM. q/k/v_proj are fused into qkv and gate/up_proj into mlp_up. The q and k rows need no
 * permutation: Hugging Face's rotary ({@code rotate_half}) pairs dim j with dim j + D/2, which is the
 * engine's NeoX-style rotary (the permutation exists only when converting Meta's interleaved checkpoints
 * to Hugging Face).
 */
final class LlamaArchitecture implements HfArchitecture {
    private static final float DEFAULT_ROPE_THETA = 10000f;
    private static final String LM_HEAD = "lm_head.weight";

    @Override
    public ModelConfig config(HfConfig json, String name, CheckpointTensors tensors) {
        int hidden = json.requireInt("hidden_size");
        int heads = json.requireInt("num_attention_heads");
        if (json.intOr("head_dim", hidden / heads) != hidden / heads) {
            throw json.problem("has head_dim " + json.requireInt("head_dim") + " != hidden_size / heads, which is not supported");
        }
        if (json.boolOr("attention_bias", false) || json.boolOr("mlp_bias", false)) {
            throw json.problem("has attention_bias or mlp_bias, which is not supported");
        }
        if (json.activation("hidden_act", "silu") != Activation.SILU) {
            throw json.problem("has hidden_act " + json.textOr("hidden_act", "") + "; only silu (SwiGLU) is supported");
        }
        int positions = json.requireInt("max_position_embeddings");
        int headDim = hidden / heads;
        boolean tied = json.boolOr("tie_word_embeddings", false) || !tensors.has(LM_HEAD);
        return new ModelConfig(name, Family.LLAMA,
                json.requireInt("num_hidden_layers"), heads, json.intOr("num_key_value_heads", heads), hidden,
                json.requireInt("intermediate_size"), json.requireInt("vocab_size"), Activation.SWIGLU,
                NormKind.RMS_NORM, json.floatOr("rms_norm_eps", 1e-6f),
                PositionEmbedding.ROPE_NEOX, headDim, ropeTheta(json), positions, 0,
                false, true, true, false, tied,
                256, positions, positions);
    }

    /**
     * transformers v4 writes {@code rope_theta} and {@code rope_scaling}; v5 writes
     * {@code rope_parameters: {rope_type, rope_theta}}. Only plain rotary ("default") is supported.
     */
    private static float ropeTheta(HfConfig json) {
        String type = "default";
        if (json.has("rope_scaling")) {
            type = json.node("rope_scaling").path("rope_type").asText(json.node("rope_scaling").path("type").asText());
        }
        if (json.has("rope_parameters")) {
            type = json.node("rope_parameters").path("rope_type").asText("default");
        }
        if (!type.equals("default")) {
            throw json.problem("has rope scaling of type '" + type + "', which is not supported");
        }
        if (json.node("rope_parameters").has("rope_theta")) {
            return (float) json.node("rope_parameters").get("rope_theta").asDouble();
        }
        return json.floatOr("rope_theta", DEFAULT_ROPE_THETA);
    }

    @Override
    public List<HostTensor> tensors(ModelConfig c, CheckpointTensors t) {
        int hidden = c.hiddenSize();
        int kvSize = c.numKvHeads() * c.headDim();
        int inter = c.mlpSize();
        List<HostTensor> out = new ArrayList<>();
        HostTensor embed = t.read("model.embed_tokens.weight", c.vocabSize(), hidden).renamed(WeightLayout.EMBED);
        out.add(embed);
        for (int l = 0; l < c.numLayers(); l++) {
            String hf = "model.layers." + l + ".";
            String p = WeightLayout.layer(l);
            out.add(t.read(hf + "input_layernorm.weight", hidden).renamed(p + "attn_norm.weight"));
            out.add(HostTensor.concatRows(p + "qkv.weight",
                    t.read(hf + "self_attn.q_proj.weight", hidden, hidden),
                    t.read(hf + "self_attn.k_proj.weight", kvSize, hidden),
                    t.read(hf + "self_attn.v_proj.weight", kvSize, hidden)));
            out.add(t.read(hf + "self_attn.o_proj.weight", hidden, hidden).renamed(p + "attn_out.weight"));
            out.add(t.read(hf + "post_attention_layernorm.weight", hidden).renamed(p + "mlp_norm.weight"));
            out.add(HostTensor.concatRows(p + "mlp_up.weight",
                    t.read(hf + "mlp.gate_proj.weight", inter, hidden),
                    t.read(hf + "mlp.up_proj.weight", inter, hidden)));
            out.add(t.read(hf + "mlp.down_proj.weight", hidden, inter).renamed(p + "mlp_down.weight"));
        }
        out.add(t.read("model.norm.weight", hidden).renamed(WeightLayout.FINAL_NORM + ".weight"));
        out.add(c.tiedEmbeddings() ? embed.renamed(WeightLayout.LM_HEAD)
                : t.read(LM_HEAD, c.vocabSize(), hidden).renamed(WeightLayout.LM_HEAD));
        return out;
    }
}
