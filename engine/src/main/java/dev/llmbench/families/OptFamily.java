package dev.llmbench.families;

import dev.llmbench.model.Activation;
import dev.llmbench.model.Biases;
import dev.llmbench.model.BlockLayout;
import dev.llmbench.model.ConfigBuilder;
import dev.llmbench.model.Family;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.PositionEmbedding;
import dev.llmbench.weights.CheckpointTensors;
import dev.llmbench.weights.HfConfig;
import dev.llmbench.weights.HostTensor;
import dev.llmbench.weights.WeightLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * OPT: as GPT but ReLU, and learned positions looked up at position + 2 (as Hugging Face's OPT); opt_350m
 * is post-norm. Checkpoints: OPTForCausalLM. q/k/v_proj are fused into qkv; the learned position table
 * keeps its 2 offset rows. Post-norm models ({@code do_layer_norm_before: false}, opt-350m) have no final
 * norm: their per-layer {@code self_attn_layer_norm} and {@code final_layer_norm} follow the residual adds.
 */
final class OptFamily extends MappedFamily {
    /** OPTLearnedPositionalEmbedding's offset. */
    private static final int POSITION_OFFSET = 2;
    // OPT builds its LayerNorms with PyTorch's default eps 1e-5, the preset's; config.json does not carry it.
    private static final String PREFIX = "model.decoder.";

    OptFamily() {
        super(Family.OPT, "OPTForCausalLM", true);
    }

    @Override
    public ConfigBuilder preset(String name) {
        return new ConfigBuilder(name, Family.OPT).activation(Activation.RELU).positions(PositionEmbedding.LEARNED, POSITION_OFFSET);
    }

    @Override
    public ModelConfig config(HfConfig json, String name, CheckpointTensors tensors) {
        int hidden = json.requireInt("hidden_size");
        int projection = json.intOr("word_embed_proj_dim", hidden);
        if (projection != hidden) {
            throw json.problem("has word_embed_proj_dim " + projection + " != hidden_size " + hidden
                    + " (projected embeddings), which is not supported");
        }
        if (!json.boolOr("layer_norm_elementwise_affine", true)) {
            throw json.problem("has LayerNorms without weights, which is not supported");
        }
        boolean preNorm = json.boolOr("do_layer_norm_before", true);
        boolean finalNorm = preNorm && !json.boolOr("_remove_final_layer_norm", false);
        int positions = json.requireInt("max_position_embeddings");
        boolean tied = json.boolOr("tie_word_embeddings", true) || !tensors.has(HF_LM_HEAD);
        int heads = json.requireInt("num_attention_heads");
        return preset(name)
                .shape(json.requireInt("num_hidden_layers"), heads, 0, hidden, json.requireInt("vocab_size"), positions,
                        json.requireInt("ffn_dim"))
                .activation(json.activation("activation_function", "relu"))
                .biases(json.boolOr("enable_bias", true) ? Biases.BLOCKS : Biases.NONE)
                .layout(preNorm ? BlockLayout.PRE_NORM : BlockLayout.POST_NORM).finalNorm(finalNorm)
                .tied(tied)
                .limits(256, positions, positions)
                .build();
    }

    @Override
    public List<HostTensor> tensors(ModelConfig c, CheckpointTensors t) {
        int hidden = c.hiddenSize();
        int ffn = c.mlpSize();
        List<HostTensor> out = new ArrayList<>();
        HostTensor embed = t.read(PREFIX + "embed_tokens.weight", c.vocabSize(), hidden).renamed(WeightLayout.EMBED);
        out.add(embed);
        out.add(t.read(PREFIX + "embed_positions.weight", c.arch().positions().maxPositions() + POSITION_OFFSET, hidden)
                .renamed(WeightLayout.POS_EMBED));
        for (int l = 0; l < c.numLayers(); l++) {
            String hf = PREFIX + "layers." + l + ".";
            String p = WeightLayout.layer(l);
            HfTensors.layerNorm(out, t, hf + "self_attn_layer_norm", p + "attn_norm", hidden);
            out.add(HostTensor.concatRows(p + "qkv.weight",
                    t.read(hf + "self_attn.q_proj.weight", hidden, hidden),
                    t.read(hf + "self_attn.k_proj.weight", hidden, hidden),
                    t.read(hf + "self_attn.v_proj.weight", hidden, hidden)));
            out.add(t.read(hf + "self_attn.out_proj.weight", hidden, hidden).renamed(p + "attn_out.weight"));
            HfTensors.layerNorm(out, t, hf + "final_layer_norm", p + "mlp_norm", hidden);
            out.add(t.read(hf + "fc1.weight", ffn, hidden).renamed(p + "mlp_up.weight"));
            out.add(t.read(hf + "fc2.weight", hidden, ffn).renamed(p + "mlp_down.weight"));
            if (c.arch().biases().qkv()) {
                out.add(HostTensor.concatRows(p + "qkv.bias",
                        t.read(hf + "self_attn.q_proj.bias", hidden),
                        t.read(hf + "self_attn.k_proj.bias", hidden),
                        t.read(hf + "self_attn.v_proj.bias", hidden)));
                out.add(t.read(hf + "self_attn.out_proj.bias", hidden).renamed(p + "attn_out.bias"));
                out.add(t.read(hf + "fc1.bias", ffn).renamed(p + "mlp_up.bias"));
                out.add(t.read(hf + "fc2.bias", hidden).renamed(p + "mlp_down.bias"));
            }
        }
        if (c.arch().finalNorm()) {
            HfTensors.layerNorm(out, t, PREFIX + "final_layer_norm", WeightLayout.FINAL_NORM, hidden);
        }
        out.add(HfTensors.lmHead(c, t, embed));
        return out;
    }
}
