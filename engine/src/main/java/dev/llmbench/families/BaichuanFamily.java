package dev.llmbench.families;

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
 * Baichuan and Baichuan2: LLaMA (no bias, RMSNorm, SwiGLU) with q, k and v packed in one {@code W_pack}
 * (rows q, k, v: the engine's qkv as it is). The 7B models use rotary, the 13B models ALiBi (BLOOM's
 * slopes). Checkpoints: BaiChuanForCausalLM (Baichuan-7B, rotary) and BaichuanForCausalLM (Baichuan-13B and
 * both Baichuan2), remote code; as vLLM does, a BaichuanForCausalLM of hidden size 4096 (Baichuan2-7B) is
 * rotary and any other ALiBi. Baichuan2's LM head (vocabulary 125,696) is a NormHead: each row is divided by
 * its L2 norm before use (the stored rows are not), done here at load. The golden is Baichuan-7B's layout
 * made from LlamaForCausalLM, its exact equivalent.
 */
final class BaichuanFamily extends LlamaFamily {
    private static final int BAICHUAN2_VOCAB = 125_696;
    private static final int ROTARY_HIDDEN = 4096;

    private final boolean alwaysRotary;

    BaichuanFamily() {
        this("BaiChuanForCausalLM", true);
    }

    private BaichuanFamily(String hfArchitecture, boolean alwaysRotary) {
        super(Family.BAICHUAN, hfArchitecture, true);
        this.alwaysRotary = alwaysRotary;
    }

    @Override
    public List<HfMapping> checkpoints() {
        return List.of(this, new BaichuanFamily("BaichuanForCausalLM", false));
    }

    @Override
    public ModelConfig config(HfConfig json, String name, CheckpointTensors tensors) {
        ConfigBuilder b = configBuilder(json, name, tensors);
        if (!alwaysRotary && json.requireInt("hidden_size") != ROTARY_HIDDEN) {
            b.positions(PositionEmbedding.ALIBI, 0);
        }
        return b.build();
    }

    @Override
    int maxPositions(HfConfig json) {
        return json.has("max_position_embeddings") ? json.requireInt("max_position_embeddings") : json.requireInt("model_max_length");
    }

    @Override
    public List<HostTensor> tensors(ModelConfig c, CheckpointTensors t) {
        int hidden = c.hiddenSize();
        int inter = c.mlpSize();
        List<HostTensor> out = new ArrayList<>();
        HostTensor embed = t.read("model.embed_tokens.weight", c.vocabSize(), hidden).renamed(WeightLayout.EMBED);
        out.add(embed);
        for (int l = 0; l < c.numLayers(); l++) {
            String hf = "model.layers." + l + ".";
            String p = WeightLayout.layer(l);
            out.add(t.read(hf + "input_layernorm.weight", hidden).renamed(p + "attn_norm.weight"));
            out.add(t.read(hf + "self_attn.W_pack.weight", c.qkvSize(), hidden).renamed(p + "qkv.weight"));
            out.add(t.read(hf + "self_attn.o_proj.weight", hidden, hidden).renamed(p + "attn_out.weight"));
            out.add(t.read(hf + "post_attention_layernorm.weight", hidden).renamed(p + "mlp_norm.weight"));
            out.add(HostTensor.concatRows(p + "mlp_up.weight", t.read(hf + "mlp.gate_proj.weight", inter, hidden),
                    t.read(hf + "mlp.up_proj.weight", inter, hidden)));
            out.add(t.read(hf + "mlp.down_proj.weight", hidden, inter).renamed(p + "mlp_down.weight"));
        }
        out.add(t.read("model.norm.weight", hidden).renamed(WeightLayout.FINAL_NORM + ".weight"));
        HostTensor head = HfTensors.lmHead(c, t, embed);
        out.add(c.vocabSize() == BAICHUAN2_VOCAB ? normalizedRows(head) : head);
        return out;
    }

    /** Baichuan2's NormHead: every row over its L2 norm (eps 1e-12, as torch's F.normalize). */
    static HostTensor normalizedRows(HostTensor w) {
        int cols = w.shape()[1];
        float[] data = w.data().clone();
        for (int r = 0; r < w.shape()[0]; r++) {
            double sum = 0;
            for (int i = 0; i < cols; i++) sum += (double) data[r * cols + i] * data[r * cols + i];
            double norm = Math.max(Math.sqrt(sum), 1e-12);
            for (int i = 0; i < cols; i++) data[r * cols + i] = (float) (data[r * cols + i] / norm);
        }
        return new HostTensor(w.name(), w.shape(), data);
    }
}
