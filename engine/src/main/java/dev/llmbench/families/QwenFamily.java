package dev.llmbench.families;

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
 * Qwen (v1, Qwen-7B/14B): LLaMA's block with a bias on the packed q/k/v projection {@code c_attn} only.
 * Checkpoints: QWenLMHeadModel (remote code), in either config key scheme (hidden_size or n_embd, ...).
 * Its {@code intermediate_size} counts both MLP branches: w2 (through silu, the gate) and w1 (up) are half of
 * it each. Its dynamic NTK rotary and log-n attention scaling start only past {@code seq_length}, so the
 * engine's positions stop there and the rotary is plain. The golden is Qwen2ForCausalLM's function (the
 * exact equivalent below seq_length) saved under Qwen v1's names.
 */
final class QwenFamily extends MappedFamily {
    private static final Biases QKV_ONLY = new Biases(true, false, false, false);
    /** w2 goes through silu (the gate), w1 is up. */
    private static final PackedQkvNames NAMES = new PackedQkvNames("transformer.wte.weight", "transformer.h.%d.", "ln_1.weight",
            "attn.c_attn", "attn.c_proj.weight", "ln_2.weight", "mlp.w2.weight", "mlp.w1.weight", "mlp.c_proj.weight",
            "transformer.ln_f.weight", HF_LM_HEAD);

    QwenFamily() {
        super(Family.QWEN, "QWenLMHeadModel", true);
    }

    @Override
    public ConfigBuilder preset(String name) {
        return LlamaFamily.llamaLike(name, Family.QWEN).biases(QKV_ONLY);
    }

    @Override
    public ModelConfig config(HfConfig json, String name, CheckpointTensors tensors) {
        int hidden = either(json, "hidden_size", "n_embd");
        int heads = either(json, "num_attention_heads", "n_head");
        if (json.intOr("kv_channels", hidden / heads) != hidden / heads) {
            throw json.problem("has kv_channels " + json.requireInt("kv_channels") + " != hidden / heads, which is not supported");
        }
        if (json.floatOr("rotary_pct", 1f) != 1f) {
            throw json.problem("has rotary_pct " + json.floatOr("rotary_pct", 1f) + "; only 1.0 is supported");
        }
        if (!json.boolOr("no_bias", true)) {
            throw json.problem("has no_bias false (biases beyond c_attn), which is not supported");
        }
        int inner = either(json, "intermediate_size", "ffn_hidden_size");
        int positions = json.has("max_position_embeddings") ? json.requireInt("max_position_embeddings") : json.requireInt("n_positions");
        // NTK and log-n scaling begin past seq_length: stop there.
        positions = Math.min(positions, json.intOr("seq_length", positions));
        int vocab = json.has("vocab_size") ? json.requireInt("vocab_size") : json.requireInt("padded_vocab_size");
        return preset(name)
                .shape(either(json, "num_hidden_layers", "n_layer"), heads, heads, hidden, vocab, positions, inner / 2)
                .norm(NormKind.RMS_NORM, json.floatOr("layer_norm_epsilon", 1e-6f))
                .rotary(PositionEmbedding.ROPE_NEOX, 1.0, json.floatOr("rotary_emb_base", 10000f))
                .tied(json.boolOr("tie_word_embeddings", false))
                .limits(256, positions, positions)
                .build();
    }

    private static int either(HfConfig json, String key, String olderKey) {
        return json.has(key) ? json.requireInt(key) : json.requireInt(olderKey);
    }

    @Override
    public List<HostTensor> tensors(ModelConfig c, CheckpointTensors t) {
        return NAMES.read(c, t);
    }
}
