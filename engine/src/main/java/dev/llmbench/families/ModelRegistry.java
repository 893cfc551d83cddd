package dev.llmbench.families;

import dev.llmbench.LlmbenchException;
import dev.llmbench.model.Biases;
import dev.llmbench.model.BlockLayout;
import dev.llmbench.model.ConfigBuilder;
import dev.llmbench.model.Family;
import dev.llmbench.model.Limits;
import dev.llmbench.model.ModelConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.llmbench.model.Activation.SWIGLU;
import static dev.llmbench.model.PositionEmbedding.ALIBI;
import static dev.llmbench.model.PositionEmbedding.ALIBI_SCALED;
import static dev.llmbench.model.PositionEmbedding.LEARNED;
import static dev.llmbench.model.PositionEmbedding.ROPE_2D;
import static dev.llmbench.model.PositionEmbedding.ROPE_GPTJ;
import static dev.llmbench.model.PositionEmbedding.ROPE_NEOX;

/**
 * The named models of the benchmark (docs/models.md, i.e. TensorRT-LLM v0.11's
 * {@code allowed_configs.py}) with the same numbers, so that our {@code [BENCHMARK]} lines can be set
 * beside theirs.
 *
 * <p>Each row starts from its family's preset ({@link Families}: the family's conventions) and adds its
 * own numbers and whatever differs. The table does not pin every detail of the families the engine does
 * not implement yet; their fields follow the public checkpoints and only need to be plausible.
 */
public final class ModelRegistry {

    /**
     * A row: the architecture, the quantization the row's name implies, and for an "as X" row the name X
     * of the row it copies (else null).
     */
    private record Entry(ModelConfig config, String quantization, String base) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        // Decoder (GPT-like) models.
        add(row("gpt_350m", Family.GPT).shape(24, 16, 0, 1024, 51200, 1024, 0).limits(256, 512, 712));
        add(row("gpt_1.5b", Family.GPT).shape(48, 25, 0, 1600, 51200, 1024, 0).limits(256, 512, 712));
        add(row("gpt_175b", Family.GPT).shape(96, 96, 0, 12288, 51200, 2048, 0).limits(64, 512, 712));
        add(row("gpt_350m_moe", Family.GPT).shape(24, 16, 0, 1024, 51200, 1024, 0).limits(256, 512, 712).experts(8, 1));
        addAs("gpt_350m_sq_per_tensor", "gpt_350m", "int8_sq_per_tensor", 256, 512, 712);
        addAs("gpt_350m_sq_per_token_channel", "gpt_350m", "int8_sq_per_token_channel", 256, 512, 712);
        add(row("gpt_next_2b", Family.GPT).shape(24, 16, 0, 2048, 256000, 1024, 0).limits(256, 512, 712)
                .activation(SWIGLU).rotary(ROPE_NEOX, 0.5, 10000f).biases(Biases.NONE));
        add(row("opt_350m", Family.OPT).shape(24, 16, 0, 1024, 50272, 2048, 0).limits(256, 512, 712).postNorm());
        add(row("opt_2.7b", Family.OPT).shape(32, 32, 0, 2560, 50272, 2048, 0).limits(256, 512, 712));
        add(row("opt_6.7b", Family.OPT).shape(32, 32, 0, 4096, 50272, 2048, 0).limits(256, 512, 712));
        add(row("opt_30b", Family.OPT).shape(48, 56, 0, 7168, 50272, 2048, 0).limits(256, 512, 712));
        add(row("opt_66b", Family.OPT).shape(64, 72, 0, 9216, 50272, 2048, 0).limits(64, 512, 712));
        add(row("llama_7b", Family.LLAMA).shape(32, 32, 0, 4096, 32000, 4096, 11008).limits(128, 512, 712));
        add(row("llama_13b", Family.LLAMA).shape(40, 40, 0, 5120, 32000, 4096, 13824).limits(128, 512, 712));
        add(row("llama_30b", Family.LLAMA).shape(60, 52, 0, 6656, 32000, 2048, 17920).limits(64, 512, 712));
        add(row("llama_70b", Family.LLAMA).shape(80, 64, 8, 8192, 32000, 4096, 28672).limits(64, 512, 712));
        addAs("llama_70b_long_context", "llama_70b", null, 16, 8000, 8200);
        addAs("llama_70b_long_generation", "llama_70b", null, 64, 200, 16584);
        addAs("llama_70b_sq_per_tensor", "llama_70b", "int8_sq_per_tensor", 128, 512, 712);
        // Mixtral's published rope_theta is 1e6, unlike LLaMA's 10000.
        add(row("mixtral_8x7b", Family.LLAMA).shape(32, 32, 8, 4096, 32000, 2048, 14336).limits(128, 512, 712)
                .rotary(ROPE_NEOX, 1.0, 1e6f).experts(8, 2));
        add(row("gptj_6b", Family.GPTJ).shape(28, 16, 0, 4096, 50401, 1024, 0).limits(128, 512, 712)
                .rotary(ROPE_GPTJ, 64.0 / 256, 10000f));
        add(row("gptneox_20b", Family.GPTNEOX).shape(44, 64, 0, 6144, 50432, 2048, 0).limits(16, 512, 1024)
                .rotary(ROPE_NEOX, 24.0 / 96, 10000f));
        add(row("starcoder_15.5b", Family.GPT).shape(40, 48, 1, 6144, 49152, 8192, 0).limits(256, 512, 712));
        // StarCoder2's published rope_theta is about 1e6.
        add(row("starcoder2_3b", Family.GPT).shape(30, 24, 2, 3072, 49152, 16384, 0).limits(256, 512, 712)
                .rotary(ROPE_NEOX, 1.0, 1e6f));
        // ChatGLM-6B (v1): 2D rotary, 64 dims of each 128-dim head a stream (notes/issue10-chatglm-glm.md)
        add(row("chatglm_6b", Family.CHATGLM).shape(28, 32, 32, 4096, 130528, 2048, 16384)
                .limits(256, 512, 712).rotary(ROPE_2D, 0.5, 10000f));
        for (String name : List.of("chatglm2_6b", "chatglm3_6b")) {
            add(row(name, Family.CHATGLM2).shape(28, 32, 2, 4096, 65024, 2048, 13696).limits(256, 512, 712)
                    .rotary(ROPE_GPTJ, 0.5, 10000f));
        }
        add(row("glm_10b", Family.GLM).shape(48, 64, 64, 4096, 50304, 1024, 16384).limits(128, 1024, 1280));
        add(row("bloom_560m", Family.BLOOM).shape(24, 16, 0, 1024, 250880, 2048, 0).limits(32, 1024, 2048));
        add(row("bloom_176b", Family.BLOOM).shape(70, 112, 0, 14336, 250880, 2048, 0).limits(8, 1024, 2048));
        // Falcon-RW 1B is the older design: ALiBi, attention then MLP, biases.
        add(row("falcon_rw_1b", Family.FALCON).shape(24, 32, 0, 2048, 50304, 2048, 0).limits(256, 1024, 2048)
                .positions(ALIBI_SCALED, 0).biases(Biases.BLOCKS).layout(BlockLayout.PRE_NORM));
        add(row("falcon_7b", Family.FALCON).shape(32, 71, 1, 4544, 65024, 2048, 0).limits(128, 512, 712));
        add(row("falcon_40b", Family.FALCON).shape(60, 128, 8, 8192, 65024, 2048, 0).limits(64, 512, 712)
                .layout(BlockLayout.PARALLEL_TWO_NORMS));
        add(row("falcon_180b", Family.FALCON).shape(80, 232, 8, 14848, 65024, 2048, 0).limits(8, 1024, 2048)
                .layout(BlockLayout.PARALLEL_TWO_NORMS));
        // The published Baichuan checkpoints use rotary at 7B and ALiBi at 13B.
        add(row("baichuan_7b", Family.BAICHUAN).shape(32, 32, 0, 4096, 64000, 4096, 11008).limits(128, 512, 712));
        add(row("baichuan2_7b_chat", Family.BAICHUAN).shape(32, 32, 0, 4096, 125696, 4096, 11008).limits(128, 512, 712));
        add(row("baichuan_13b_chat", Family.BAICHUAN).shape(40, 40, 0, 5120, 64000, 4096, 13696).limits(64, 512, 712)
                .positions(ALIBI, 0));
        add(row("baichuan2_13b_chat", Family.BAICHUAN).shape(40, 40, 0, 5120, 125696, 4096, 13696).limits(64, 512, 712)
                .positions(ALIBI, 0));
        // InternLM 7B has biases on its attention projections; 20B has none.
        add(row("internlm_chat_7b", Family.INTERNLM).shape(32, 32, 32, 4096, 103168, 2048, 11008).limits(128, 512, 712)
                .biases(new Biases(true, true, false, false)));
        add(row("internlm_chat_20b", Family.INTERNLM).shape(60, 40, 40, 5120, 103168, 4096, 13824).limits(64, 512, 712));
        // Qwen (v1) counts its intermediate size over gate and up together: each is half of the table's.
        add(row("qwen_7b_chat", Family.QWEN).shape(32, 32, 0, 4096, 151936, 8192, 22016 / 2).limits(128, 512, 712));
        add(row("qwen_14b_chat", Family.QWEN).shape(40, 40, 0, 5120, 152064, 8192, 27392 / 2).limits(64, 512, 712));
        add(row("qwen1.5_7b_chat", Family.QWEN2).shape(32, 32, 0, 4096, 151936, 8192, 11008).limits(128, 512, 712));
        add(row("qwen1.5_14b_chat", Family.QWEN2).shape(40, 40, 0, 5120, 152064, 8192, 13696).limits(64, 512, 712));

        // Encoder (BERT-like) models. An encoder has no output phase, so maxSeq = maxInput.
        add(row("bert_base", Family.BERT).shape(12, 12, 0, 768, 30522, 1024, 0).limits(256, 512, 512));
        add(row("bert_large", Family.BERT).shape(24, 16, 0, 1024, 30522, 1024, 0).limits(64, 512, 512));
        // RoBERTa numbers positions from padding_idx + 1 = 2.
        add(row("roberta_base", Family.ROBERTA).shape(12, 12, 0, 768, 50265, 1024, 0).limits(64, 512, 512)
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
     * The configuration named {@code name} if the engine can run it ({@link Families#requireImplemented}) and
     * it is not quantized (a quantized row would run in float16 and be reported under its quantization's name).
     */
    public static ModelConfig requireSupported(String name) {
        Entry entry = entry(name);
        Families.requireImplemented(entry.config());
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

    /** A row of {@code family}: the family's conventions, to which the row adds its numbers. */
    private static ConfigBuilder row(String name, Family family) {
        return Families.preset(family, name);
    }

    private static void add(ConfigBuilder builder) {
        put(new Entry(builder.build(), null, null));
    }

    /** An "as X" row: X's architecture under its own name, limits and quantization. */
    private static void addAs(String name, String base, String quantization, int maxBatch, int maxInput, int maxSeq) {
        ModelConfig c = ENTRIES.get(base).config();
        ModelConfig copy = new ModelConfig(name, c.dims(), c.arch(), new Limits(maxBatch, maxInput, maxSeq));
        put(new Entry(copy, quantization, base));
    }

    private static void put(Entry entry) {
        if (ENTRIES.putIfAbsent(entry.config().name(), entry) != null) {
            throw new IllegalStateException("duplicate registry name " + entry.config().name());
        }
    }
}
