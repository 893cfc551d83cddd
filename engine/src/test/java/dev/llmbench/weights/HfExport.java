package dev.llmbench.weights;

import dev.llmbench.model.BlockLayout;
import dev.llmbench.model.ModelConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes canonical weights as a Hugging Face checkpoint (config.json + model.safetensors) of GPT-2, OPT or
 * LLaMA: the inverse of the loaders, for round-trip and error tests. The tensors can be edited (dropped,
 * reshaped) before they are written.
 */
final class HfExport {
    final String configJson;
    final List<HostTensor> tensors;

    private HfExport(String configJson, List<HostTensor> tensors) {
        this.configJson = configJson;
        this.tensors = tensors;
    }

    static HfExport gpt2(HostWeights w) {
        ModelConfig c = w.config();
        List<HostTensor> t = new ArrayList<>();
        t.add(w.get(WeightLayout.EMBED).renamed("transformer.wte.weight"));
        t.add(w.get(WeightLayout.POS_EMBED).renamed("transformer.wpe.weight"));
        for (int l = 0; l < c.numLayers(); l++) {
            String hf = "transformer.h." + l + ".";
            String p = WeightLayout.layer(l);
            t.add(w.get(p + "attn_norm.weight").renamed(hf + "ln_1.weight"));
            t.add(w.get(p + "attn_norm.bias").renamed(hf + "ln_1.bias"));
            t.add(w.get(p + "qkv.weight").transposed(hf + "attn.c_attn.weight"));
            t.add(w.get(p + "qkv.bias").renamed(hf + "attn.c_attn.bias"));
            t.add(w.get(p + "attn_out.weight").transposed(hf + "attn.c_proj.weight"));
            t.add(w.get(p + "attn_out.bias").renamed(hf + "attn.c_proj.bias"));
            t.add(w.get(p + "mlp_norm.weight").renamed(hf + "ln_2.weight"));
            t.add(w.get(p + "mlp_norm.bias").renamed(hf + "ln_2.bias"));
            t.add(w.get(p + "mlp_up.weight").transposed(hf + "mlp.c_fc.weight"));
            t.add(w.get(p + "mlp_up.bias").renamed(hf + "mlp.c_fc.bias"));
            t.add(w.get(p + "mlp_down.weight").transposed(hf + "mlp.c_proj.weight"));
            t.add(w.get(p + "mlp_down.bias").renamed(hf + "mlp.c_proj.bias"));
        }
        t.add(w.get("final_norm.weight").renamed("transformer.ln_f.weight"));
        t.add(w.get("final_norm.bias").renamed("transformer.ln_f.bias"));
        String json = """
                {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "n_embd": %d, "n_layer": %d,
                 "n_head": %d, "n_positions": %d, "vocab_size": %d, "n_inner": %d, "layer_norm_epsilon": 1e-05,
                 "activation_function": "gelu_new", "scale_attn_weights": true, "tie_word_embeddings": true}
                """.formatted(c.hiddenSize(), c.numLayers(), c.numHeads(), c.arch().positions().maxPositions(), c.vocabSize(), c.mlpSize());
        return new HfExport(json, t);
    }

    static HfExport opt(HostWeights w) {
        ModelConfig c = w.config();
        String d = "model.decoder.";
        List<HostTensor> t = new ArrayList<>();
        t.add(w.get(WeightLayout.EMBED).renamed(d + "embed_tokens.weight"));
        t.add(w.get(WeightLayout.POS_EMBED).renamed(d + "embed_positions.weight"));
        int hidden = c.hiddenSize();
        for (int l = 0; l < c.numLayers(); l++) {
            String hf = d + "layers." + l + ".";
            String p = WeightLayout.layer(l);
            t.add(w.get(p + "attn_norm.weight").renamed(hf + "self_attn_layer_norm.weight"));
            t.add(w.get(p + "attn_norm.bias").renamed(hf + "self_attn_layer_norm.bias"));
            String[] qkv = {"q_proj", "k_proj", "v_proj"};
            for (int i = 0; i < 3; i++) {
                t.add(rows(w.get(p + "qkv.weight"), i * hidden, hidden, hf + "self_attn." + qkv[i] + ".weight"));
                t.add(rows(w.get(p + "qkv.bias"), i * hidden, hidden, hf + "self_attn." + qkv[i] + ".bias"));
            }
            t.add(w.get(p + "attn_out.weight").renamed(hf + "self_attn.out_proj.weight"));
            t.add(w.get(p + "attn_out.bias").renamed(hf + "self_attn.out_proj.bias"));
            t.add(w.get(p + "mlp_norm.weight").renamed(hf + "final_layer_norm.weight"));
            t.add(w.get(p + "mlp_norm.bias").renamed(hf + "final_layer_norm.bias"));
            t.add(w.get(p + "mlp_up.weight").renamed(hf + "fc1.weight"));
            t.add(w.get(p + "mlp_up.bias").renamed(hf + "fc1.bias"));
            t.add(w.get(p + "mlp_down.weight").renamed(hf + "fc2.weight"));
            t.add(w.get(p + "mlp_down.bias").renamed(hf + "fc2.bias"));
        }
        if (c.arch().finalNorm()) {
            t.add(w.get("final_norm.weight").renamed(d + "final_layer_norm.weight"));
            t.add(w.get("final_norm.bias").renamed(d + "final_layer_norm.bias"));
        }
        String json = """
                {"architectures": ["OPTForCausalLM"], "model_type": "opt", "hidden_size": %d, "num_hidden_layers": %d,
                 "num_attention_heads": %d, "ffn_dim": %d, "max_position_embeddings": %d, "vocab_size": %d,
                 "do_layer_norm_before": %b, "word_embed_proj_dim": %d, "activation_function": "relu",
                 "enable_bias": true, "tie_word_embeddings": true}
                """.formatted(hidden, c.numLayers(), c.numHeads(), c.mlpSize(), c.arch().positions().maxPositions(), c.vocabSize(),
                c.arch().layout() == BlockLayout.PRE_NORM, hidden);
        return new HfExport(json, t);
    }

    static HfExport llama(HostWeights w) {
        ModelConfig c = w.config();
        List<HostTensor> t = new ArrayList<>();
        t.add(w.get(WeightLayout.EMBED).renamed("model.embed_tokens.weight"));
        int qSize = c.numHeads() * c.headDim();
        int kvSize = c.numKvHeads() * c.headDim();
        for (int l = 0; l < c.numLayers(); l++) {
            String hf = "model.layers." + l + ".";
            String p = WeightLayout.layer(l);
            t.add(w.get(p + "attn_norm.weight").renamed(hf + "input_layernorm.weight"));
            HostTensor qkv = w.get(p + "qkv.weight");
            t.add(rows(qkv, 0, qSize, hf + "self_attn.q_proj.weight"));
            t.add(rows(qkv, qSize, kvSize, hf + "self_attn.k_proj.weight"));
            t.add(rows(qkv, qSize + kvSize, kvSize, hf + "self_attn.v_proj.weight"));
            t.add(w.get(p + "attn_out.weight").renamed(hf + "self_attn.o_proj.weight"));
            t.add(w.get(p + "mlp_norm.weight").renamed(hf + "post_attention_layernorm.weight"));
            HostTensor up = w.get(p + "mlp_up.weight");
            t.add(rows(up, 0, c.mlpSize(), hf + "mlp.gate_proj.weight"));
            t.add(rows(up, c.mlpSize(), c.mlpSize(), hf + "mlp.up_proj.weight"));
            t.add(w.get(p + "mlp_down.weight").renamed(hf + "mlp.down_proj.weight"));
        }
        t.add(w.get("final_norm.weight").renamed("model.norm.weight"));
        t.add(w.get(WeightLayout.LM_HEAD).renamed("lm_head.weight"));
        String json = """
                {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": %d,
                 "intermediate_size": %d, "num_hidden_layers": %d, "num_attention_heads": %d,
                 "num_key_value_heads": %d, "max_position_embeddings": %d, "vocab_size": %d, "rms_norm_eps": 1e-06,
                 "rope_parameters": {"rope_theta": 10000.0, "rope_type": "default"}, "hidden_act": "silu",
                 "attention_bias": false, "mlp_bias": false, "tie_word_embeddings": false}
                """.formatted(c.hiddenSize(), c.mlpSize(), c.numLayers(), c.numHeads(), c.numKvHeads(),
                c.arch().positions().maxPositions(), c.vocabSize());
        return new HfExport(json, t);
    }

    /** The same tensors under an edited config.json. */
    HfExport withConfig(java.util.function.UnaryOperator<String> edit) {
        return new HfExport(edit.apply(configJson), tensors);
    }

    /** Rows [first, first + count) of a matrix or vector. */
    /**
     * ChatGLM-6B v1 (ChatGLMModel with position_encoding_2d): its query_key_value holds each head's q, k and v rows
     * together, the canonical q, k, v blocks interleaved head by head.
     */
    static HfExport chatglm(HostWeights w) {
        ModelConfig c = w.config();
        List<HostTensor> t = new ArrayList<>();
        t.add(w.get(WeightLayout.EMBED).renamed("transformer.word_embeddings.weight"));
        for (int l = 0; l < c.numLayers(); l++) {
            String hf = "transformer.layers." + l + ".";
            String p = WeightLayout.layer(l);
            t.add(w.get(p + "attn_norm.weight").renamed(hf + "input_layernorm.weight"));
            t.add(w.get(p + "attn_norm.bias").renamed(hf + "input_layernorm.bias"));
            t.add(perHead(w.get(p + "qkv.weight"), c.numHeads(), c.headDim(), hf + "attention.query_key_value.weight"));
            t.add(perHead(w.get(p + "qkv.bias"), c.numHeads(), c.headDim(), hf + "attention.query_key_value.bias"));
            t.add(w.get(p + "attn_out.weight").renamed(hf + "attention.dense.weight"));
            t.add(w.get(p + "attn_out.bias").renamed(hf + "attention.dense.bias"));
            t.add(w.get(p + "mlp_norm.weight").renamed(hf + "post_attention_layernorm.weight"));
            t.add(w.get(p + "mlp_norm.bias").renamed(hf + "post_attention_layernorm.bias"));
            t.add(w.get(p + "mlp_up.weight").renamed(hf + "mlp.dense_h_to_4h.weight"));
            t.add(w.get(p + "mlp_up.bias").renamed(hf + "mlp.dense_h_to_4h.bias"));
            t.add(w.get(p + "mlp_down.weight").renamed(hf + "mlp.dense_4h_to_h.weight"));
            t.add(w.get(p + "mlp_down.bias").renamed(hf + "mlp.dense_4h_to_h.bias"));
        }
        t.add(w.get("final_norm.weight").renamed("transformer.final_layernorm.weight"));
        t.add(w.get("final_norm.bias").renamed("transformer.final_layernorm.bias"));
        t.add(w.get(WeightLayout.LM_HEAD).renamed("lm_head.weight"));
        String json = """
                {"architectures": ["ChatGLMModel"], "model_type": "chatglm", "hidden_size": %d, "num_layers": %d,
                 "num_attention_heads": %d, "inner_hidden_size": %d, "vocab_size": %d, "max_sequence_length": %d,
                 "layernorm_epsilon": 1e-05, "position_encoding_2d": true}
                """.formatted(c.hiddenSize(), c.numLayers(), c.numHeads(), c.mlpSize(), c.vocabSize(),
                c.arch().positions().maxPositions());
        return new HfExport(json, t);
    }

    /** Canonical [all q | all k | all v] rows (heads of headDim rows each) as [q_0 k_0 v_0 | q_1 k_1 v_1 | ...]. */
    private static HostTensor perHead(HostTensor qkv, int heads, int headDim, String name) {
        int cols = qkv.shape().length == 2 ? qkv.shape()[1] : 1;
        int block = headDim * cols;
        float[] out = new float[qkv.data().length];
        for (int h = 0; h < heads; h++) {
            for (int part = 0; part < 3; part++) {
                System.arraycopy(qkv.data(), (part * heads + h) * block, out, (3 * h + part) * block, block);
            }
        }
        return new HostTensor(name, qkv.shape().clone(), out);
    }

    private static HostTensor rows(HostTensor t, int first, int count, String name) {
        int rowLength = t.shape().length == 2 ? t.shape()[1] : 1;
        int[] shape = t.shape().clone();
        shape[0] = count;
        return new HostTensor(name, shape,
                Arrays.copyOfRange(t.data(), first * rowLength, (first + count) * rowLength));
    }

    void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), configJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        new SafetensorsWriter().addAll(tensors).write(dir.resolve(SafetensorsReader.SINGLE_FILE));
    }
}
