package dev.llmbench.families;

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
 * ChatGLM-6B (v1): GLM's residual from the normed input ({@link BlockLayout#GLM}), 2D rotary on the two halves of
 * each head ({@link PositionEmbedding#ROPE_2D}) with the prompt's context attended both ways, LayerNorm, the tanh
 * GELU, biases on every block projection, none on the LM head (notes/issue10-chatglm-glm.md). Checkpoints:
 * ChatGLMModel with {@code position_encoding_2d} (remote code; the class name is ChatGLM2's too, which hands such
 * a config here); its query_key_value holds each head's q, k and v rows together, regrouped here into the
 * canonical all-q, all-k, all-v order. The CPU reference runs it from the published modelling code's math (there is
 * no transformers class to take a golden from); the GPU engine runs it and is checked against that reference.
 */
final class ChatGlmFamily implements FamilyDescriptor {
    private static final String PREFIX = "transformer.";

    @Override
    public Family family() {
        return Family.CHATGLM;
    }

    @Override
    public boolean implemented() {
        return true;
    }

    /** Its checkpoints come through ChatGLM2's mapping, which shares the class name ChatGLMModel. */
    @Override
    public List<HfMapping> checkpoints() {
        return List.of();
    }

    @Override
    public ConfigBuilder preset(String name) {
        return new ConfigBuilder(name, Family.CHATGLM).layout(BlockLayout.GLM).untied();
    }

    /** A ChatGLMModel config.json with 2D positions. */
    ModelConfig config(HfConfig json, String name, CheckpointTensors tensors) {
        int hidden = json.requireInt("hidden_size");
        int positions = json.intOr("max_sequence_length", 2048);
        return preset(name)
                .shape(json.intOr("num_layers", 28), json.requireInt("num_attention_heads"), 0, hidden, json.requireInt("vocab_size"),
                        positions, json.intOr("inner_hidden_size", 4 * hidden))
                .norm(NormKind.LAYER_NORM, json.floatOr("layernorm_epsilon", 1e-5f))
                .rotary(PositionEmbedding.ROPE_2D, 0.5, 10000f)
                .tied(!tensors.has(MappedFamily.HF_LM_HEAD))
                .limits(256, positions, positions)
                .build();
    }

    /** Its blocks carry GPT-NeoX's tensor names ({@link GptNeoxFamily#readBlock}) under transformer.layers.N. */
    List<HostTensor> tensors(ModelConfig c, CheckpointTensors t) {
        int hidden = c.hiddenSize();
        List<HostTensor> out = new ArrayList<>();
        HostTensor embed = t.read(PREFIX + "word_embeddings.weight", c.vocabSize(), hidden).renamed(WeightLayout.EMBED);
        out.add(embed);
        for (int l = 0; l < c.numLayers(); l++) {
            GptNeoxFamily.readBlock(out, c, t, PREFIX + "layers." + l + ".", WeightLayout.layer(l));
        }
        HfTensors.layerNorm(out, t, PREFIX + "final_layernorm", WeightLayout.FINAL_NORM, hidden);
        out.add(c.arch().tiedEmbeddings() ? embed.renamed(WeightLayout.LM_HEAD)
                : t.read(MappedFamily.HF_LM_HEAD, c.vocabSize(), hidden).renamed(WeightLayout.LM_HEAD));
        return out;
    }
}
