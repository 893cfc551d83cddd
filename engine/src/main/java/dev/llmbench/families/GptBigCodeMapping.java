package dev.llmbench.families;

import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.NormKind;
import dev.llmbench.weights.CheckpointTensors;
import dev.llmbench.weights.HfConfig;
import dev.llmbench.weights.HostTensor;
import dev.llmbench.weights.WeightLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * GPTBigCodeForCausalLM (StarCoder), read by the GPT family as the registry's starcoder_15.5b is: GPT-2's
 * block with multi-query attention (one key/value head), learned positions, biases, the tanh GELU, tied LM
 * head. Its c_attn is an ordinary (out, in) linear whose rows are the query heads, then the key, then the
 * value: already the canonical order. Checkpoints without multi-query lay their keys and values out per
 * head and are refused by name.
 */
final class GptBigCodeMapping implements HfMapping {
    private final GptFamily gpt;

    GptBigCodeMapping(GptFamily gpt) {
        this.gpt = gpt;
    }

    @Override
    public String hfArchitecture() {
        return "GPTBigCodeForCausalLM";
    }

    @Override
    public ModelConfig config(HfConfig json, String name, CheckpointTensors tensors) {
        if (!json.boolOr("multi_query", true)) {
            throw json.problem("has multi_query false (keys and values per head), which is not supported");
        }
        if (!json.boolOr("scale_attn_weights", true)) {
            throw json.problem("does not scale attention by 1/sqrt(head size), which is not supported");
        }
        int hidden = json.requireInt("n_embd");
        int positions = json.requireInt("n_positions");
        return gpt.preset(name)
                .shape(json.requireInt("n_layer"), json.requireInt("n_head"), 1, hidden, json.requireInt("vocab_size"), positions,
                        json.intOr("n_inner", 4 * hidden))
                .activation(json.activation("activation_function", "gelu_pytorch_tanh"))
                .norm(NormKind.LAYER_NORM, json.floatOr("layer_norm_epsilon", 1e-5f))
                .tied(json.boolOr("tie_word_embeddings", true) || !tensors.has(MappedFamily.HF_LM_HEAD))
                .limits(256, positions, positions)
                .build();
    }

    @Override
    public List<HostTensor> tensors(ModelConfig c, CheckpointTensors t) {
        int hidden = c.hiddenSize();
        int inner = c.mlpSize();
        List<HostTensor> out = new ArrayList<>();
        HostTensor embed = t.read("transformer.wte.weight", c.vocabSize(), hidden).renamed(WeightLayout.EMBED);
        out.add(embed);
        out.add(t.read("transformer.wpe.weight", c.arch().positions().maxPositions(), hidden).renamed(WeightLayout.POS_EMBED));
        for (int l = 0; l < c.numLayers(); l++) {
            String hf = "transformer.h." + l + ".";
            String p = WeightLayout.layer(l);
            HfTensors.layerNorm(out, t, hf + "ln_1", p + "attn_norm", hidden);
            addLinear(out, t, hf + "attn.c_attn", p + "qkv", c.qkvSize(), hidden);
            addLinear(out, t, hf + "attn.c_proj", p + "attn_out", hidden, hidden);
            HfTensors.layerNorm(out, t, hf + "ln_2", p + "mlp_norm", hidden);
            addLinear(out, t, hf + "mlp.c_fc", p + "mlp_up", inner, hidden);
            addLinear(out, t, hf + "mlp.c_proj", p + "mlp_down", hidden, inner);
        }
        HfTensors.layerNorm(out, t, "transformer.ln_f", WeightLayout.FINAL_NORM, hidden);
        out.add(HfTensors.lmHead(c, t, embed));
        return out;
    }

    private static void addLinear(List<HostTensor> out, CheckpointTensors t, String hf, String canonical, int rows, int cols) {
        out.add(t.read(hf + ".weight", rows, cols).renamed(canonical + ".weight"));
        out.add(t.read(hf + ".bias", rows).renamed(canonical + ".bias"));
    }
}
