package dev.llmbench.model;

import dev.llmbench.LlmbenchException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.llmbench.model.Activation.GELU_ERF;
import static dev.llmbench.model.Activation.SWIGLU;
import static dev.llmbench.model.NormKind.LAYER_NORM;
import static dev.llmbench.model.NormKind.RMS_NORM;
import static dev.llmbench.model.PositionEmbedding.ALIBI;
import static dev.llmbench.model.PositionEmbedding.LEARNED;
import static dev.llmbench.model.PositionEmbedding.ROPE_GPTJ;
import static dev.llmbench.model.PositionEmbedding.ROPE_NEOX;

/**
 * The named models of the benchmark (docs/models.md, i.e. TensorRT-LLM v0.11's
 * {@code allowed_configs.py}) with the same numbers, so that our {@code [BENCHMARK]} lines can be set
 * beside theirs.
 *
 * <p>Each family has one preset with its conventions (activation, norm, positions, bias, tying); a row
 * adds its own numbers and whatever differs. The table does not pin every detail of the families the
 * engine does not implement yet; their fields follow the public checkpoints and only need to be plausible.
 */
public final class ModelRegistry {

    /**
     * A row: the architecture, the quantization the row's name implies, its mixture-of-experts size, and
     * for an "as X" row the name X of the row it copies (else null).
     */
    private record Entry(ModelConfig config, String quantization, int experts, String base) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        // Decoder (GPT-like) models.
        add(gpt("gpt_350m").shape(24, 16, 0, 1024, 51200, 1024, 0).limits(256, 512, 712));
        add(gpt("gpt_1.5b").shape(48, 25, 0, 1600, 51200, 1024, 0).limits(256, 512, 712));
        add(gpt("gpt_175b").shape(96, 96, 0, 12288, 51200, 2048, 0).limits(64, 512, 712));
        addMoe(gpt("gpt_350m_moe").shape(24, 16, 0, 1024, 51200, 1024, 0).limits(256, 512, 712), 8);
        addAs("gpt_350m_sq_per_tensor", "gpt_350m", "int8_sq_per_tensor", 256, 512, 712);
        addAs("gpt_350m_sq_per_token_channel", "gpt_350m", "int8_sq_per_token_channel", 256, 512, 712);
        add(gpt("gpt_next_2b").shape(24, 16, 0, 2048, 256000, 1024, 0).limits(256, 512, 712)
                .activation(SWIGLU).rotary(ROPE_NEOX, 0.5, 10000f).bias(false));
        add(opt("opt_350m").shape(24, 16, 0, 1024, 50272, 2048, 0).limits(256, 512, 712).postNorm());
        add(opt("opt_2.7b").shape(32, 32, 0, 2560, 50272, 2048, 0).limits(256, 512, 712));
        add(opt("opt_6.7b").shape(32, 32, 0, 4096, 50272, 2048, 0).limits(256, 512, 712));
        add(opt("opt_30b").shape(48, 56, 0, 7168, 50272, 2048, 0).limits(256, 512, 712));
        add(opt("opt_66b").shape(64, 72, 0, 9216, 50272, 2048, 0).limits(64, 512, 712));
        add(llama("llama_7b").shape(32, 32, 0, 4096, 32000, 4096, 11008).limits(128, 512, 712));
        add(llama("llama_13b").shape(40, 40, 0, 5120, 32000, 4096, 13824).limits(128, 512, 712));
        add(llama("llama_30b").shape(60, 52, 0, 6656, 32000, 2048, 17920).limits(64, 512, 712));
        add(llama("llama_70b").shape(80, 64, 8, 8192, 32000, 4096, 28672).limits(64, 512, 712));
        addAs("llama_70b_long_context", "llama_70b", null, 16, 8000, 8200);
        addAs("llama_70b_long_generation", "llama_70b", null, 64, 200, 16584);
        addAs("llama_70b_sq_per_tensor", "llama_70b", "int8_sq_per_tensor", 128, 512, 712);
        // Mixtral's published rope_theta is 1e6, unlike LLaMA's 10000.
        addMoe(llama("mixtral_8x7b").shape(32, 32, 8, 4096, 32000, 2048, 14336).limits(128, 512, 712)
                .rotary(ROPE_NEOX, 1.0, 1e6f), 8);
        add(family("gptj_6b", Family.GPTJ).shape(28, 16, 0, 4096, 50401, 1024, 0).limits(128, 512, 712)
                .rotary(ROPE_GPTJ, 64.0 / 256, 10000f).parallelAttention().untied());
        add(family("gptneox_20b", Family.GPTNEOX).shape(44, 64, 0, 6144, 50432, 2048, 0).limits(16, 512, 1024)
                .rotary(ROPE_NEOX, 24.0 / 96, 10000f).parallelAttention().untied());
        add(gpt("starcoder_15.5b").shape(40, 48, 1, 6144, 49152, 8192, 0).limits(256, 512, 712));
        // StarCoder2's published rope_theta is about 1e6.
        add(gpt("starcoder2_3b").shape(30, 24, 2, 3072, 49152, 16384, 0).limits(256, 512, 712)
                .rotary(ROPE_NEOX, 1.0, 1e6f));
        // ChatGLM's 2D positions have no PositionEmbedding kind; GPT-J style rotary on half of each head
        // (one position stream) is the nearest.
        add(family("chatglm_6b", Family.CHATGLM).shape(28, 32, 32, 4096, 130528, 2048, 16384)
                .limits(256, 512, 712).rotary(ROPE_GPTJ, 0.5, 10000f).untied());
        for (String name : List.of("chatglm2_6b", "chatglm3_6b")) {
            add(family(name, Family.CHATGLM2).shape(28, 32, 2, 4096, 65024, 2048, 13696).limits(256, 512, 712)
                    .activation(SWIGLU).norm(RMS_NORM, 1e-5f).rotary(ROPE_GPTJ, 0.5, 10000f).untied());
        }
        add(family("glm_10b", Family.GLM).shape(48, 64, 64, 4096, 50304, 1024, 16384).limits(128, 1024, 1280));
        add(family("bloom_560m", Family.BLOOM).shape(24, 16, 0, 1024, 250880, 2048, 0).limits(32, 1024, 2048)
                .positions(ALIBI, 0));
        add(family("bloom_176b", Family.BLOOM).shape(70, 112, 0, 14336, 250880, 2048, 0).limits(8, 1024, 2048)
                .positions(ALIBI, 0));
        add(family("falcon_rw_1b", Family.FALCON).shape(24, 32, 0, 2048, 50304, 2048, 0).limits(256, 1024, 2048)
                .positions(ALIBI, 0));
        add(falcon("falcon_7b").shape(32, 71, 1, 4544, 65024, 2048, 0).limits(128, 512, 712));
        add(falcon("falcon_40b").shape(60, 128, 8, 8192, 65024, 2048, 0).limits(64, 512, 712));
        add(falcon("falcon_180b").shape(80, 232, 8, 14848, 65024, 2048, 0).limits(8, 1024, 2048));
        // The published Baichuan checkpoints use rotary at 7B and ALiBi at 13B.
        add(llamaLike("baichuan_7b", Family.BAICHUAN).shape(32, 32, 0, 4096, 64000, 4096, 11008)
                .limits(128, 512, 712));
        add(llamaLike("baichuan2_7b_chat", Family.BAICHUAN).shape(32, 32, 0, 4096, 125696, 4096, 11008)
                .limits(128, 512, 712));
        add(llamaLike("baichuan_13b_chat", Family.BAICHUAN).shape(40, 40, 0, 5120, 64000, 4096, 13696)
                .limits(64, 512, 712).positions(ALIBI, 0));
        add(llamaLike("baichuan2_13b_chat", Family.BAICHUAN).shape(40, 40, 0, 5120, 125696, 4096, 13696)
                .limits(64, 512, 712).positions(ALIBI, 0));
        add(llamaLike("internlm_chat_7b", Family.INTERNLM).shape(32, 32, 32, 4096, 103168, 2048, 11008)
                .limits(128, 512, 712).bias(true));
        add(llamaLike("internlm_chat_20b", Family.INTERNLM).shape(60, 40, 40, 5120, 103168, 4096, 13824)
                .limits(64, 512, 712));
        // Qwen (v1) counts its intermediate size over gate and up together: each is half of the table's.
        add(llamaLike("qwen_7b_chat", Family.QWEN).shape(32, 32, 0, 4096, 151936, 8192, 22016 / 2)
                .limits(128, 512, 712).bias(true));
        add(llamaLike("qwen_14b_chat", Family.QWEN).shape(40, 40, 0, 5120, 152064, 8192, 27392 / 2)
                .limits(64, 512, 712).bias(true));
        add(llamaLike("qwen1.5_7b_chat", Family.QWEN2).shape(32, 32, 0, 4096, 151936, 8192, 11008)
                .limits(128, 512, 712).bias(true).rotary(ROPE_NEOX, 1.0, 1e6f));
        add(llamaLike("qwen1.5_14b_chat", Family.QWEN2).shape(40, 40, 0, 5120, 152064, 8192, 13696)
                .limits(64, 512, 712).bias(true).rotary(ROPE_NEOX, 1.0, 1e6f));

        // Encoder (BERT-like) models: post-norm, exact GELU, LayerNorm eps 1e-12 as in Hugging Face's
        // BertConfig. An encoder has no output phase, so maxSeq = maxInput.
        add(bert("bert_base", Family.BERT).shape(12, 12, 0, 768, 30522, 1024, 0).limits(256, 512, 512));
        add(bert("bert_large", Family.BERT).shape(24, 16, 0, 1024, 30522, 1024, 0).limits(64, 512, 512));
        // RoBERTa numbers positions from padding_idx + 1 = 2.
        add(bert("roberta_base", Family.ROBERTA).shape(12, 12, 0, 768, 50265, 1024, 0).limits(64, 512, 512)
                .positions(LEARNED, 2));
    }

    private ModelRegistry() {
    }

    /** The configuration named {@code name}; an unknown name fails with the closest names as suggestions. */
    public static ModelConfig get(String name) {
        return entry(name).config();
    }

    /** All names, in the order of TensorRT-LLM v0.11's allowed_configs.py. */
    public static List<String> names() {
        return List.copyOf(ENTRIES.keySet());
    }

    /**
     * The configuration named {@code name} if the engine can run it: its family is implemented, it is a
     * dense model (a mixture of experts would silently run as its dense skeleton otherwise) and it is not
     * quantized (a quantized row would run in float16 and be reported under its quantization's name).
     */
    public static ModelConfig requireSupported(String name) {
        Entry entry = entry(name);
        entry.config().family().requireSupported(name);
        if (entry.experts() > 0) {
            throw new LlmbenchException("mixture of experts is not supported yet (model " + name + ")");
        }
        if (entry.quantization() != null) {
            throw new LlmbenchException("quantization " + entry.quantization() + " is not supported yet (model " + name
                    + "); its unquantized architecture runs as " + entry.base());
        }
        return entry.config();
    }

    /** The TensorRT-LLM quantization a row's name stands for (int8_sq_per_tensor, ...), if any. */
    public static Optional<String> quantization(String name) {
        return Optional.ofNullable(entry(name).quantization());
    }

    private static Entry entry(String name) {
        Entry entry = ENTRIES.get(name);
        if (entry == null) {
            throw new LlmbenchException("unknown model '" + name + "'; did you mean "
                    + String.join(", ", closestNames(name, 3)) + "?");
        }
        return entry;
    }

    /** Up to {@code count} names nearest to {@code name} by edit distance; ties keep the registry order. */
    static List<String> closestNames(String name, int count) {
        List<String> names = new ArrayList<>(ENTRIES.keySet());
        names.sort(Comparator.comparingInt(candidate -> EditDistance.between(name, candidate)));
        return names.subList(0, Math.min(count, names.size()));
    }

    // Family presets: the conventions of each family, before a row's own numbers.

    private static ConfigBuilder family(String name, Family family) {
        return new ConfigBuilder(name, family);
    }

    /** GPT-2 style: GELU (tanh), LayerNorm 1e-5, learned positions, biases, pre-norm, tied head. */
    private static ConfigBuilder gpt(String name) {
        return family(name, Family.GPT);
    }

    /** OPT: as GPT but ReLU, and learned positions looked up at position + 2 (as Hugging Face's OPT). */
    private static ConfigBuilder opt(String name) {
        return family(name, Family.OPT).activation(Activation.RELU).positions(LEARNED, 2);
    }

    /**
     * LLaMA: SwiGLU, RMSNorm with eps 1e-6 (TensorRT-LLM's llama benchmark config), NeoX rotary on the
     * whole head with theta 10000, no biases, separate LM head.
     */
    private static ConfigBuilder llama(String name) {
        return llamaLike(name, Family.LLAMA);
    }

    private static ConfigBuilder llamaLike(String name, Family family) {
        return family(name, family).activation(SWIGLU).norm(RMS_NORM, 1e-6f)
                .rotary(ROPE_NEOX, 1.0, 10000f).bias(false).untied();
    }

    /** Falcon 7B and later: rotary, no biases, attention and MLP in parallel off one norm. */
    private static ConfigBuilder falcon(String name) {
        return family(name, Family.FALCON).rotary(ROPE_NEOX, 1.0, 10000f).bias(false).parallelAttention();
    }

    private static ConfigBuilder bert(String name, Family family) {
        return family(name, family).activation(GELU_ERF).norm(LAYER_NORM, 1e-12f).postNorm();
    }

    private static void add(ConfigBuilder builder) {
        put(new Entry(builder.build(), null, 0, null));
    }

    private static void addMoe(ConfigBuilder builder, int experts) {
        put(new Entry(builder.build(), null, experts, null));
    }

    /** An "as X" row: X's architecture under its own name, limits and quantization. */
    private static void addAs(String name, String base, String quantization, int maxBatch, int maxInput, int maxSeq) {
        Entry entry = ENTRIES.get(base);
        ModelConfig c = entry.config();
        ModelConfig copy = new ModelConfig(name, c.family(), c.numLayers(), c.numHeads(), c.numKvHeads(),
                c.hiddenSize(), c.mlpSize(), c.vocabSize(), c.activation(), c.norm(), c.normEps(),
                c.positionEmbedding(), c.rotaryDim(), c.rotaryBase(), c.maxPositions(), c.positionOffset(),
                c.bias(), c.preNorm(), c.finalNorm(), c.parallelAttention(), c.tiedEmbeddings(),
                maxBatch, maxInput, maxSeq);
        put(new Entry(copy, quantization, entry.experts(), base));
    }

    private static void put(Entry entry) {
        if (ENTRIES.putIfAbsent(entry.config().name(), entry) != null) {
            throw new IllegalStateException("duplicate registry name " + entry.config().name());
        }
    }
}
