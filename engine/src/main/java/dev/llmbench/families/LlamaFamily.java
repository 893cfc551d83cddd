package dev.llmbench.families;

import dev.llmbench.model.Activation;
import dev.llmbench.model.Biases;
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
 * LLaMA: SwiGLU, RMSNorm with eps 1e-6 (TensorRT-LLM's llama benchmark config), NeoX rotary on the whole
 * head with theta 10000, no biases, separate LM head. Checkpoints: LlamaForCausalLM. q/k/v_proj are fused into qkv and gate/up_proj into mlp_up. The q and k rows need no
 * permutation: Hugging Face's rotary ({@code rotate_half}) pairs dim j with dim j + D/2, which is the
 * engine's NeoX-style rotary (the permutation exists only when converting Meta's interleaved checkpoints
 * to Hugging Face).
 */
class LlamaFamily extends MappedFamily {
    private static final float DEFAULT_ROPE_THETA = 10000f;

    LlamaFamily() {
        this(Family.LLAMA, "LlamaForCausalLM", true);
    }

    /** A family whose checkpoints are LLaMA's with their own names or biases (Qwen2). */
    LlamaFamily(Family family, String hfArchitecture, boolean implemented) {
        super(family, hfArchitecture, implemented);
    }

    @Override
    public ConfigBuilder preset(String name) {
        return llamaLike(name, family());
    }

    /** The LLaMA conventions under another family's name: the families built on LLaMA start from these. */
    static ConfigBuilder llamaLike(String name, Family family) {
        return new ConfigBuilder(name, family).activation(Activation.SWIGLU).norm(NormKind.RMS_NORM, 1e-6f)
                .rotary(PositionEmbedding.ROPE_NEOX, 1.0, DEFAULT_ROPE_THETA).biases(Biases.NONE).untied();
    }

    @Override
    public ModelConfig config(HfConfig json, String name, CheckpointTensors tensors) {
        return configBuilder(json, name, tensors).build();
    }

    @Override
    public List<HfMapping> checkpoints() {
        return List.of(this, new MixtralMapping(this));
    }

    /** The configuration a LLaMA-style config.json describes, before a caller (Mixtral) adds its own. */
    ConfigBuilder configBuilder(HfConfig json, String name, CheckpointTensors tensors) {
        int hidden = json.requireInt("hidden_size");
        int heads = json.requireInt("num_attention_heads");
        if (json.intOr("head_dim", hidden / heads) != hidden / heads) {
            throw json.problem("has head_dim " + json.requireInt("head_dim") + " != hidden_size / heads, which is not supported");
        }
        checkConfig(json);
        if (json.activation("hidden_act", "silu") != Activation.SILU) {
            throw json.problem("has hidden_act " + json.textOr("hidden_act", "") + "; only silu (SwiGLU) is supported");
        }
        int positions = maxPositions(json);
        boolean tied = json.boolOr("tie_word_embeddings", false) || !tensors.has(HF_LM_HEAD);
        return preset(name)
                .shape(json.requireInt("num_hidden_layers"), heads, json.intOr("num_key_value_heads", heads), hidden,
                        json.requireInt("vocab_size"), positions, json.requireInt("intermediate_size"))
                .norm(NormKind.RMS_NORM, json.floatOr("rms_norm_eps", 1e-6f))
                .rotary(PositionEmbedding.ROPE_NEOX, 1.0, ropeTheta(json))
                .biases(biases(json))
                .tied(tied)
                .limits(256, positions, positions);
    }

    /** LLaMA's biases: none (a checkpoint with attention_bias or mlp_bias is refused by {@link #checkConfig}). */
    Biases biases(HfConfig json) {
        return Biases.NONE;
    }

    /** The positions a checkpoint's config allows (Baichuan 13B names it differently). */
    int maxPositions(HfConfig json) {
        return json.requireInt("max_position_embeddings");
    }

    /** What this family's loader does not support in a config.json, refused by name. */
    void checkConfig(HfConfig json) {
        if (json.boolOr("attention_bias", false) || json.boolOr("mlp_bias", false)) {
            throw json.problem("has attention_bias or mlp_bias, which is not supported");
        }
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
        return (float) json.ropeParameter("rope_theta", "rope_theta", DEFAULT_ROPE_THETA);
    }

    @Override
    public List<HostTensor> tensors(ModelConfig c, CheckpointTensors t) {
        int hidden = c.hiddenSize();
        int inter = c.mlpSize();
        List<HostTensor> out = new ArrayList<>(attentionAndNorms(c, t));
        for (int l = 0; l < c.numLayers(); l++) {
            String hf = "model.layers." + l + ".";
            String p = WeightLayout.layer(l);
            out.add(HostTensor.concatRows(p + "mlp_up.weight",
                    t.read(hf + "mlp.gate_proj.weight", inter, hidden),
                    t.read(hf + "mlp.up_proj.weight", inter, hidden)));
            out.add(t.read(hf + "mlp.down_proj.weight", hidden, inter).renamed(p + "mlp_down.weight"));
        }
        return out;
    }

    /** Everything but the MLPs: embedding, attention, norms and LM head (Mixtral's experts replace the MLPs). */
    List<HostTensor> attentionAndNorms(ModelConfig c, CheckpointTensors t) {
        int hidden = c.hiddenSize();
        int kvSize = c.numKvHeads() * c.headDim();
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
            if (c.arch().biases().qkv()) {
                out.add(HostTensor.concatRows(p + "qkv.bias", t.read(hf + "self_attn.q_proj.bias", hidden),
                        t.read(hf + "self_attn.k_proj.bias", kvSize), t.read(hf + "self_attn.v_proj.bias", kvSize)));
            }
            out.add(t.read(hf + "self_attn.o_proj.weight", hidden, hidden).renamed(p + "attn_out.weight"));
            if (c.arch().biases().attentionOut()) {
                out.add(t.read(hf + "self_attn.o_proj.bias", hidden).renamed(p + "attn_out.bias"));
            }
            out.add(t.read(hf + "post_attention_layernorm.weight", hidden).renamed(p + "mlp_norm.weight"));
        }
        out.add(t.read("model.norm.weight", hidden).renamed(WeightLayout.FINAL_NORM + ".weight"));
        out.add(HfTensors.lmHead(c, t, embed));
        return out;
    }
}
