package dev.llmbench.families;

import dev.llmbench.model.ConfigBuilder;
import dev.llmbench.model.Family;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.NormKind;
import dev.llmbench.weights.CheckpointTensors;
import dev.llmbench.weights.HfConfig;
import dev.llmbench.weights.HostTensor;
import dev.llmbench.weights.WeightLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * GPT (GPT-2 style): GELU (tanh), LayerNorm 1e-5, learned positions, biases on every block projection,
 * pre-norm, tied LM head. Checkpoints: GPT2LMHeadModel, whose linear layers are Conv1D modules with weights
 * stored (in, out): they are transposed to the engine's (out, in); {@code c_attn} is already the fused
 * q|k|v projection.
 */
final class GptFamily extends MappedFamily {

    /** Prefix of the transformer's tensors: "transformer." when saved from GPT2LMHeadModel, "" from GPT2Model. */
    private static String prefix(CheckpointTensors t) {
        return !t.has("transformer.wte.weight") && t.has("wte.weight") ? "" : "transformer.";
    }

    GptFamily() {
        super(Family.GPT, "GPT2LMHeadModel", true);
    }

    /** The defaults of {@link ConfigBuilder} are GPT-2's. */
    @Override
    public ConfigBuilder preset(String name) {
        return new ConfigBuilder(name, Family.GPT);
    }

    /** GPT-2's checkpoints, and StarCoder's and StarCoder2's, whose registry rows are GPT's too. */
    @Override
    public List<HfMapping> checkpoints() {
        return List.of(this, new GptBigCodeMapping(this), new Starcoder2Mapping(this));
    }

    @Override
    public ModelConfig config(HfConfig json, String name, CheckpointTensors tensors) {
        if (!json.boolOr("scale_attn_weights", true) || json.boolOr("scale_attn_by_inverse_layer_idx", false)) {
            throw json.problem("scales attention other than by 1/sqrt(head size), which is not supported");
        }
        int hidden = json.requireInt("n_embd");
        int positions = json.requireInt("n_positions");
        boolean tied = json.boolOr("tie_word_embeddings", true) || !tensors.has(HF_LM_HEAD);
        return preset(name)
                .shape(json.requireInt("n_layer"), json.requireInt("n_head"), 0, hidden, json.requireInt("vocab_size"),
                        positions, json.intOr("n_inner", 4 * hidden))
                .activation(json.activation("activation_function", "gelu_new"))
                .norm(NormKind.LAYER_NORM, json.floatOr("layer_norm_epsilon", 1e-5f))
                .tied(tied)
                .limits(256, positions, positions)
                .build();
    }

    @Override
    public List<HostTensor> tensors(ModelConfig c, CheckpointTensors t) {
        String prefix = prefix(t);
        int hidden = c.hiddenSize();
        int inner = c.mlpSize();
        List<HostTensor> out = new ArrayList<>();
        HostTensor embed = t.read(prefix + "wte.weight", c.vocabSize(), hidden).renamed(WeightLayout.EMBED);
        out.add(embed);
        out.add(t.read(prefix + "wpe.weight", c.arch().positions().maxPositions(), hidden).renamed(WeightLayout.POS_EMBED));
        for (int l = 0; l < c.numLayers(); l++) {
            String hf = prefix + "h." + l + ".";
            String p = WeightLayout.layer(l);
            HfTensors.layerNorm(out, t, hf + "ln_1", p + "attn_norm", hidden);
            out.add(t.read(hf + "attn.c_attn.weight", hidden, 3 * hidden).transposed(p + "qkv.weight"));
            out.add(t.read(hf + "attn.c_attn.bias", 3 * hidden).renamed(p + "qkv.bias"));
            out.add(t.read(hf + "attn.c_proj.weight", hidden, hidden).transposed(p + "attn_out.weight"));
            out.add(t.read(hf + "attn.c_proj.bias", hidden).renamed(p + "attn_out.bias"));
            HfTensors.layerNorm(out, t, hf + "ln_2", p + "mlp_norm", hidden);
            out.add(t.read(hf + "mlp.c_fc.weight", hidden, inner).transposed(p + "mlp_up.weight"));
            out.add(t.read(hf + "mlp.c_fc.bias", inner).renamed(p + "mlp_up.bias"));
            out.add(t.read(hf + "mlp.c_proj.weight", inner, hidden).transposed(p + "mlp_down.weight"));
            out.add(t.read(hf + "mlp.c_proj.bias", hidden).renamed(p + "mlp_down.bias"));
        }
        HfTensors.layerNorm(out, t, prefix + "ln_f", WeightLayout.FINAL_NORM, hidden);
        out.add(HfTensors.lmHead(c, t, embed));
        return out;
    }
}
