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
 * GPT-J: attention and MLP in parallel off one LayerNorm (x += attention(h) + mlp(h), h = ln_1(x)), GPT-J
 * style rotary (interleaved pairs) on the first rotary_dim dims of each head with theta 10000, no position
 * table, biases on the MLP and the LM head only, GELU (tanh), own LM head. Checkpoints: GPTJForCausalLM;
 * q/k/v_proj are fused into qkv.
 */
final class GptjFamily extends MappedFamily {
    /** GPT-J's rotary theta: fixed in Hugging Face's code, not a config key. */
    private static final float ROTARY_BASE = 10000f;
    private static final String PREFIX = "transformer.";

    GptjFamily() {
        super(Family.GPTJ, "GPTJForCausalLM", true);
    }

    @Override
    public ConfigBuilder preset(String name) {
        return new ConfigBuilder(name, Family.GPTJ).layout(BlockLayout.PARALLEL).biases(new Biases(false, false, true, true))
                .untied();
    }

    @Override
    public ModelConfig config(HfConfig json, String name, CheckpointTensors tensors) {
        int hidden = json.requireInt("n_embd");
        int heads = json.requireInt("n_head");
        int positions = json.requireInt("n_positions");
        int rotaryDim = json.requireInt("rotary_dim");
        int headDim = hidden / heads;
        if (rotaryDim <= 0 || rotaryDim > headDim || rotaryDim % 2 != 0) {
            throw json.problem("has rotary_dim " + rotaryDim + ", not an even number of dims within a head of " + headDim);
        }
        boolean tied = json.boolOr("tie_word_embeddings", false) || !tensors.has(HF_LM_HEAD);
        return preset(name)
                .shape(json.requireInt("n_layer"), heads, 0, hidden, json.requireInt("vocab_size"), positions,
                        json.intOr("n_inner", 4 * hidden))
                .activation(json.activation("activation_function", "gelu_new"))
                .norm(NormKind.LAYER_NORM, json.floatOr("layer_norm_epsilon", 1e-5f))
                .rotary(PositionEmbedding.ROPE_GPTJ, (double) rotaryDim / headDim, ROTARY_BASE)
                .tied(tied)
                .limits(256, positions, positions)
                .build();
    }

    @Override
    public List<HostTensor> tensors(ModelConfig c, CheckpointTensors t) {
        int hidden = c.hiddenSize();
        int inner = c.mlpSize();
        List<HostTensor> out = new ArrayList<>();
        HostTensor embed = t.read(PREFIX + "wte.weight", c.vocabSize(), hidden).renamed(WeightLayout.EMBED);
        out.add(embed);
        for (int l = 0; l < c.numLayers(); l++) {
            String hf = PREFIX + "h." + l + ".";
            String p = WeightLayout.layer(l);
            HfTensors.layerNorm(out, t, hf + "ln_1", p + "attn_norm", hidden);
            out.add(HostTensor.concatRows(p + "qkv.weight",
                    t.read(hf + "attn.q_proj.weight", hidden, hidden),
                    t.read(hf + "attn.k_proj.weight", hidden, hidden),
                    t.read(hf + "attn.v_proj.weight", hidden, hidden)));
            out.add(t.read(hf + "attn.out_proj.weight", hidden, hidden).renamed(p + "attn_out.weight"));
            out.add(t.read(hf + "mlp.fc_in.weight", inner, hidden).renamed(p + "mlp_up.weight"));
            out.add(t.read(hf + "mlp.fc_in.bias", inner).renamed(p + "mlp_up.bias"));
            out.add(t.read(hf + "mlp.fc_out.weight", hidden, inner).renamed(p + "mlp_down.weight"));
            out.add(t.read(hf + "mlp.fc_out.bias", hidden).renamed(p + "mlp_down.bias"));
        }
        HfTensors.layerNorm(out, t, PREFIX + "ln_f", WeightLayout.FINAL_NORM, hidden);
        out.add(HfTensors.lmHead(c, t, embed));
        out.add(t.read("lm_head.bias", c.vocabSize()).renamed(WeightLayout.LM_HEAD_BIAS));
        return out;
    }
}
