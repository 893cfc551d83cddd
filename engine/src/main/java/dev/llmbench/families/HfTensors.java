package dev.llmbench.families;

import dev.llmbench.model.ModelConfig;
import dev.llmbench.weights.CheckpointTensors;
import dev.llmbench.weights.HostTensor;
import dev.llmbench.weights.WeightLayout;

import java.util.List;

/** Reading steps the checkpoint mappings share. */
final class HfTensors {
    private HfTensors() {
    }

    /** A LayerNorm's weight and bias, {@code hf}.weight and .bias, as {@code canonical}.weight and .bias. */
    static void layerNorm(List<HostTensor> out, CheckpointTensors t, String hf, String canonical, int hidden) {
        out.add(t.read(hf + ".weight", hidden).renamed(canonical + ".weight"));
        out.add(t.read(hf + ".bias", hidden).renamed(canonical + ".bias"));
    }

    /** The LM head: the embedding itself when tied, else the checkpoint's {@code lm_head.weight}. */
    static HostTensor lmHead(ModelConfig c, CheckpointTensors t, HostTensor embed) {
        return c.arch().tiedEmbeddings() ? embed.renamed(WeightLayout.LM_HEAD)
                : t.read(MappedFamily.HF_LM_HEAD, c.vocabSize(), c.hiddenSize()).renamed(WeightLayout.LM_HEAD);
    }
}
