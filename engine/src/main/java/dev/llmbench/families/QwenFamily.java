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
import dev.llmbench.weights.WeightLayout;

import java.util.ArrayList;
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
        int hidden = c.hiddenSize();
        int inter = c.mlpSize();
        List<HostTensor> out = new ArrayList<>();
        HostTensor embed = t.read("transformer.wte.weight", c.vocabSize(), hidden).renamed(WeightLayout.EMBED);
        out.add(embed);
        for (int l = 0; l < c.numLayers(); l++) {
            String hf = "transformer.h." + l + ".";
            String p = WeightLayout.layer(l);
            out.add(t.read(hf + "ln_1.weight", hidden).renamed(p + "attn_norm.weight"));
            out.add(t.read(hf + "attn.c_attn.weight", c.qkvSize(), hidden).renamed(p + "qkv.weight"));
            out.add(t.read(hf + "attn.c_attn.bias", c.qkvSize()).renamed(p + "qkv.bias"));
            out.add(t.read(hf + "attn.c_proj.weight", hidden, hidden).renamed(p + "attn_out.weight"));
            out.add(t.read(hf + "ln_2.weight", hidden).renamed(p + "mlp_norm.weight"));
            out.add(HostTensor.concatRows(p + "mlp_up.weight", t.read(hf + "mlp.w2.weight", inter, hidden),
                    t.read(hf + "mlp.w1.weight", inter, hidden)));
            out.add(t.read(hf + "mlp.c_proj.weight", hidden, inter).renamed(p + "mlp_down.weight"));
        }
        out.add(t.read("transformer.ln_f.weight", hidden).renamed(WeightLayout.FINAL_NORM + ".weight"));
        out.add(HfTensors.lmHead(c, t, embed));
        return out;
    }
}
