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

import java.util.List;

/**
 * ChatGLM2 and ChatGLM3 (6B): pre-norm RMSNorm blocks, multi-query attention in {@code multi_query_group_num}
 * key/value groups, a bias on the packed q/k/v projection only, SwiGLU ({@code dense_h_to_4h} rows: the gate,
 * then up), GPT-J (interleaved) rotary on the first half of each head with base 10000 × rope_ratio, own LM
 * head. Checkpoints: ChatGLMModel (remote code; ChatGLM-6B v1 shares the class name: a config with 2D positions is
 * v1's, read by {@link ChatGlmFamily}). transformers' GlmForCausalLM (GLM-4) computes the same function; the golden is made with it and
 * saved under ChatGLM2's names.
 */
final class ChatGlm2Family extends MappedFamily {
    private static final Biases QKV_ONLY = new Biases(true, false, false, false);
    private static final float ROPE_BASE = 10000f;
    private static final PackedQkvNames NAMES = new PackedQkvNames("transformer.embedding.word_embeddings.weight",
            "transformer.encoder.layers.%d.", "input_layernorm.weight", "self_attention.query_key_value",
            "self_attention.dense.weight", "post_attention_layernorm.weight", "mlp.dense_h_to_4h.weight", null,
            "mlp.dense_4h_to_h.weight", "transformer.encoder.final_layernorm.weight", "transformer.output_layer.weight");

    private static final ChatGlmFamily V1 = new ChatGlmFamily();

    ChatGlm2Family() {
        super(Family.CHATGLM2, "ChatGLMModel", true);
    }

    @Override
    public ConfigBuilder preset(String name) {
        return new ConfigBuilder(name, Family.CHATGLM2).activation(Activation.SWIGLU).norm(NormKind.RMS_NORM, 1e-5f)
                .biases(QKV_ONLY).untied();
    }

    @Override
    public ModelConfig config(HfConfig json, String name, CheckpointTensors tensors) {
        if (json.boolOr("position_encoding_2d", false)) return V1.config(json, name, tensors);
        requireFlag(json, "rmsnorm", true);
        requireFlag(json, "post_layer_norm", true);
        requireFlag(json, "apply_residual_connection_post_layernorm", false);
        requireFlag(json, "add_bias_linear", false);
        requireFlag(json, "original_rope", true);
        int hidden = json.requireInt("hidden_size");
        int heads = json.requireInt("num_attention_heads");
        if (json.intOr("kv_channels", hidden / heads) != hidden / heads) {
            throw json.problem("has kv_channels " + json.requireInt("kv_channels") + " != hidden / heads, which is not supported");
        }
        int kvHeads = json.boolOr("multi_query_attention", false) ? json.requireInt("multi_query_group_num") : heads;
        int positions = json.requireInt("seq_length");
        Biases biases = json.boolOr("add_qkv_bias", true) ? QKV_ONLY : Biases.NONE;
        return preset(name)
                .shape(json.requireInt("num_layers"), heads, kvHeads, hidden, json.requireInt("padded_vocab_size"), positions,
                        json.requireInt("ffn_hidden_size"))
                .norm(NormKind.RMS_NORM, json.floatOr("layernorm_epsilon", 1e-5f))
                .rotary(PositionEmbedding.ROPE_GPTJ, 0.5, ROPE_BASE * json.floatOr("rope_ratio", 1f))
                .biases(biases)
                .tied(json.boolOr("tie_word_embeddings", false))
                .limits(256, positions, positions)
                .build();
    }

    private static void requireFlag(HfConfig json, String key, boolean supported) {
        if (json.boolOr(key, supported) != supported) {
            throw json.problem("has " + key + " " + !supported + ", which is not supported");
        }
    }

    @Override
    public List<HostTensor> tensors(ModelConfig c, CheckpointTensors t) {
        return c.family() == Family.CHATGLM ? V1.tensors(c, t) : NAMES.read(c, t);
    }
}
