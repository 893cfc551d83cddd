package dev.llmbench.families;

import dev.llmbench.model.Activation;
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
 * BERT, an encoder: every token attends to every token, learned positions plus a token-type (segment)
 * embedding, a LayerNorm after the embedding, post-norm blocks (the norm closes each residual add), biases
 * everywhere, the exact GELU, LayerNorm eps 1e-12 as Hugging Face's BertConfig, and the pooler (tanh of a
 * dense layer over each sequence's first token) where the checkpoint has one. Checkpoints: BertModel
 * (tensors under "bert." when saved from a task model; a task model saved without its pooler has none). The GPU runs it through {@code runtime.EncoderEngine},
 * checked against the CPU reference ({@code reference.EncoderReference}) and Hugging Face's BertModel.
 */
class BertFamily extends MappedFamily {
    private static final int TOKEN_TYPES = 2;

    BertFamily() {
        this(Family.BERT, "BertModel");
    }

    /** A family whose checkpoints are BERT's under another name (RoBERTa). */
    BertFamily(Family family, String hfArchitecture) {
        super(family, hfArchitecture, true);
    }

    /** The BERT conventions under {@code family}'s name with {@code tokenTypes} segment rows (RoBERTa: 1). */
    static ConfigBuilder bertLike(String name, Family family, int tokenTypes) {
        return new ConfigBuilder(name, family).activation(Activation.GELU_ERF).norm(NormKind.LAYER_NORM, 1e-12f).postNorm()
                .embeddingNorm().tokenTypes(tokenTypes).encoder().pooler(true);
    }

    @Override
    public ConfigBuilder preset(String name) {
        return bertLike(name, Family.BERT, TOKEN_TYPES);
    }

    @Override
    public ModelConfig config(HfConfig json, String name, CheckpointTensors tensors) {
        if (!"absolute".equals(json.textOr("position_embedding_type", "absolute"))) {
            throw json.problem("has position_embedding_type " + json.textOr("position_embedding_type", "") + "; only absolute is supported");
        }
        int hidden = json.requireInt("hidden_size");
        int offset = positionOffset(json);
        // The position table's first rows serve the offset (RoBERTa: 2 of its 514), not positions.
        int positions = json.requireInt("max_position_embeddings") - offset;
        return bertLike(name, family(), json.intOr("type_vocab_size", TOKEN_TYPES))
                .shape(json.requireInt("num_hidden_layers"), json.requireInt("num_attention_heads"), 0, hidden,
                        json.requireInt("vocab_size"), positions, json.requireInt("intermediate_size"))
                .activation(json.activation("hidden_act", "gelu"))
                .norm(NormKind.LAYER_NORM, json.floatOr("layer_norm_eps", 1e-12f))
                .positions(PositionEmbedding.LEARNED, offset)
                .limits(256, positions, positions)
                .pooler(tensors.has(prefix(tensors) + POOLER + "weight"))
                .build();
    }

    /** Where position 0 is in the position table: BERT's first row. */
    int positionOffset(HfConfig json) {
        return 0;
    }

    /** The prefix of the tensors when saved from a task model (BertForMaskedLM: "bert."). */
    String taskPrefix() {
        return "bert.";
    }

    private static final String POOLER = "pooler.dense.";

    /** "" for a BertModel checkpoint, the task prefix for one saved from a task model. */
    private String prefix(CheckpointTensors t) {
        return t.has("embeddings.word_embeddings.weight") ? "" : taskPrefix();
    }

    @Override
    public List<HostTensor> tensors(ModelConfig c, CheckpointTensors t) {
        String prefix = prefix(t);
        int hidden = c.hiddenSize();
        int inner = c.mlpSize();
        List<HostTensor> out = new ArrayList<>();
        String e = prefix + "embeddings.";
        HostTensor embed = t.read(e + "word_embeddings.weight", c.vocabSize(), hidden).renamed(WeightLayout.EMBED);
        out.add(embed);
        out.add(t.read(e + "position_embeddings.weight", c.arch().positions().maxPositions() + c.arch().positions().offset(), hidden)
                .renamed(WeightLayout.POS_EMBED));
        out.add(t.read(e + "token_type_embeddings.weight", c.arch().tokenTypes(), hidden).renamed(WeightLayout.TYPE_EMBED));
        HfTensors.layerNorm(out, t, e + "LayerNorm", WeightLayout.EMBED_NORM, hidden);
        for (int l = 0; l < c.numLayers(); l++) {
            String hf = prefix + "encoder.layer." + l + ".";
            String p = WeightLayout.layer(l);
            out.add(HostTensor.concatRows(p + "qkv.weight", t.read(hf + "attention.self.query.weight", hidden, hidden),
                    t.read(hf + "attention.self.key.weight", hidden, hidden), t.read(hf + "attention.self.value.weight", hidden, hidden)));
            out.add(HostTensor.concatRows(p + "qkv.bias", t.read(hf + "attention.self.query.bias", hidden),
                    t.read(hf + "attention.self.key.bias", hidden), t.read(hf + "attention.self.value.bias", hidden)));
            out.add(t.read(hf + "attention.output.dense.weight", hidden, hidden).renamed(p + "attn_out.weight"));
            out.add(t.read(hf + "attention.output.dense.bias", hidden).renamed(p + "attn_out.bias"));
            HfTensors.layerNorm(out, t, hf + "attention.output.LayerNorm", p + "attn_norm", hidden);
            out.add(t.read(hf + "intermediate.dense.weight", inner, hidden).renamed(p + "mlp_up.weight"));
            out.add(t.read(hf + "intermediate.dense.bias", inner).renamed(p + "mlp_up.bias"));
            out.add(t.read(hf + "output.dense.weight", hidden, inner).renamed(p + "mlp_down.weight"));
            out.add(t.read(hf + "output.dense.bias", hidden).renamed(p + "mlp_down.bias"));
            HfTensors.layerNorm(out, t, hf + "output.LayerNorm", p + "mlp_norm", hidden);
        }
        if (c.arch().pooler()) {
            out.add(t.read(prefix + POOLER + "weight", hidden, hidden).renamed(WeightLayout.POOLER));
            out.add(t.read(prefix + POOLER + "bias", hidden).renamed(WeightLayout.POOLER_BIAS));
        }
        // An encoder has no LM head; the layout's tied head is the embedding and holds nothing of its own.
        out.add(embed.renamed(WeightLayout.LM_HEAD));
        return out;
    }
}
