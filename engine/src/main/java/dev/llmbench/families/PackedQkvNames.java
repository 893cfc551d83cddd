package dev.llmbench.families;

import dev.llmbench.model.ModelConfig;
import dev.llmbench.weights.CheckpointTensors;
import dev.llmbench.weights.HostTensor;
import dev.llmbench.weights.WeightLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * The tensor names of a LLaMA-like checkpoint (RMSNorm, SwiGLU, no final-norm or MLP bias) whose q, k and v
 * are one packed matrix in the engine's row order (q heads, k heads, v heads), as Baichuan, Qwen v1 and
 * ChatGLM2 store them: a family's mapping is these names. Layer names are under {@code layer} formatted with
 * the layer index; {@code qkv} is a prefix of .weight and, where the model has one, .bias; {@code up} is null
 * where {@code gate} holds the gate rows then the up rows in one matrix.
 */
record PackedQkvNames(String embed, String layer, String attnNorm, String qkv, String attnOut, String mlpNorm, String gate,
                      String up, String down, String finalNorm, String lmHead) {

    /** The checkpoint's tensors in the canonical layout; the LM head is the embedding when the model ties them. */
    List<HostTensor> read(ModelConfig c, CheckpointTensors t) {
        int hidden = c.hiddenSize();
        int inter = c.mlpSize();
        List<HostTensor> out = new ArrayList<>();
        HostTensor embedding = t.read(embed, c.vocabSize(), hidden).renamed(WeightLayout.EMBED);
        out.add(embedding);
        for (int l = 0; l < c.numLayers(); l++) {
            String hf = String.format(layer, l);
            String p = WeightLayout.layer(l);
            out.add(t.read(hf + attnNorm, hidden).renamed(p + "attn_norm.weight"));
            out.add(t.read(hf + qkv + ".weight", c.qkvSize(), hidden).renamed(p + "qkv.weight"));
            if (c.arch().biases().qkv()) {
                out.add(t.read(hf + qkv + ".bias", c.qkvSize()).renamed(p + "qkv.bias"));
            }
            out.add(t.read(hf + attnOut, hidden, c.numHeads() * c.headDim()).renamed(p + "attn_out.weight"));
            out.add(t.read(hf + mlpNorm, hidden).renamed(p + "mlp_norm.weight"));
            out.add(up == null ? t.read(hf + gate, 2 * inter, hidden).renamed(p + "mlp_up.weight")
                    : HostTensor.concatRows(p + "mlp_up.weight", t.read(hf + gate, inter, hidden), t.read(hf + up, inter, hidden)));
            out.add(t.read(hf + down, hidden, inter).renamed(p + "mlp_down.weight"));
        }
        out.add(t.read(finalNorm, hidden).renamed(WeightLayout.FINAL_NORM + ".weight"));
        out.add(c.arch().tiedEmbeddings() ? embedding.renamed(WeightLayout.LM_HEAD)
                : t.read(lmHead, c.vocabSize(), hidden).renamed(WeightLayout.LM_HEAD));
        return out;
    }
}
