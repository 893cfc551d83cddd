package dev.llmbench.families;

import dev.llmbench.model.ConfigBuilder;
import dev.llmbench.model.Family;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.PositionEmbedding;
import dev.llmbench.weights.CheckpointTensors;
import dev.llmbench.weights.HfConfig;
import dev.llmbench.weights.HostTensor;

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
    private static final PackedQkvNames NAMES = new PackedQkvNames("model.embed_tokens.weight", "model.layers.%d.",
            "input_layernorm.weight", "self_attn.W_pack", "self_attn.o_proj.weight", "post_attention_layernorm.weight",
            "mlp.gate_proj.weight", "mlp.up_proj.weight", "mlp.down_proj.weight", "model.norm.weight", HF_LM_HEAD);

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
        List<HostTensor> out = NAMES.read(c, t);
        if (c.vocabSize() == BAICHUAN2_VOCAB) out.set(out.size() - 1, normalizedRows(out.get(out.size() - 1)));
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
