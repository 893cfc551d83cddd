package dev.llmbench.families;

import dev.llmbench.LlmbenchException;
import dev.llmbench.model.Activation;
import dev.llmbench.model.AttentionKind;
import dev.llmbench.model.Biases;
import dev.llmbench.model.BlockLayout;
import dev.llmbench.model.ConfigBuilder;
import dev.llmbench.model.Experts;
import dev.llmbench.model.Family;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.NormKind;
import dev.llmbench.model.PositionEmbedding;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelRegistryTest {

    /** Every name of TensorRT-LLM v0.11's allowed_configs.py (docs/models.md), in its order. */
    private static final List<String> ALLOWED = List.of(
            "gpt_350m", "gpt_1.5b", "gpt_175b", "gpt_350m_moe", "gpt_350m_sq_per_tensor",
            "gpt_350m_sq_per_token_channel", "gpt_next_2b", "opt_350m", "opt_2.7b", "opt_6.7b", "opt_30b",
            "opt_66b", "llama_7b", "llama_13b", "llama_30b", "llama_70b", "llama_70b_long_context",
            "llama_70b_long_generation", "llama_70b_sq_per_tensor", "mixtral_8x7b", "gptj_6b", "gptneox_20b",
            "starcoder_15.5b", "starcoder2_3b", "chatglm_6b", "chatglm2_6b", "chatglm3_6b", "glm_10b",
            "bloom_560m", "bloom_176b", "falcon_rw_1b", "falcon_7b", "falcon_40b", "falcon_180b",
            "baichuan_7b", "baichuan2_7b_chat", "baichuan_13b_chat", "baichuan2_13b_chat",
            "internlm_chat_7b", "internlm_chat_20b", "qwen_7b_chat", "qwen_14b_chat", "qwen1.5_7b_chat",
            "qwen1.5_14b_chat", "bert_base", "bert_large", "roberta_base");

    @Test
    void holdsExactlyTheAllowedNamesInOrder() {
        assertEquals(ALLOWED, ModelRegistry.names());
        for (String name : ALLOWED) {
            ModelConfig c = ModelRegistry.get(name);
            assertEquals(name, c.name());
            assertEquals(0, c.hiddenSize() % c.numHeads(), name + ": hidden not a multiple of heads");
            assertEquals(0, c.numHeads() % c.numKvHeads(), name + ": heads not a multiple of kv heads");
            assertTrue(c.maxInput() <= c.maxSeq(), name);
        }
    }

    @Test
    void gpt350mFollowsGptConventions() {
        ModelConfig c = ModelRegistry.get("gpt_350m");
        assertEquals(Family.GPT, c.family());
        assertEquals(24, c.numLayers());
        assertEquals(16, c.numHeads());
        assertEquals(16, c.numKvHeads());
        assertEquals(1024, c.hiddenSize());
        assertEquals(4096, c.mlpSize());
        assertEquals(51200, c.vocabSize());
        assertEquals(1024, c.arch().positions().maxPositions());
        assertEquals(Activation.GELU_TANH, c.arch().activation());
        assertEquals(NormKind.LAYER_NORM, c.arch().norm());
        assertEquals(1e-5f, c.arch().normEps());
        assertEquals(PositionEmbedding.LEARNED, c.arch().positions().kind());
        assertEquals(0, c.arch().positions().offset());
        assertEquals(Biases.BLOCKS, c.arch().biases());
        assertEquals(BlockLayout.PRE_NORM, c.arch().layout());
        assertTrue(c.arch().finalNorm() && c.arch().tiedEmbeddings());
        assertEquals(AttentionKind.MHA, c.attention());
        assertEquals(256, c.maxBatch());
        assertEquals(512, c.maxInput());
        assertEquals(712, c.maxSeq());
    }

    @Test
    void opt350mIsPostNormAndLargerOptsArePreNorm() {
        ModelConfig small = ModelRegistry.get("opt_350m");
        assertEquals(BlockLayout.POST_NORM, small.arch().layout());
        assertFalse(small.arch().finalNorm());
        assertEquals(2, small.arch().positions().offset());
        assertEquals(Activation.RELU, small.arch().activation());
        ModelConfig big = ModelRegistry.get("opt_66b");
        assertTrue(big.arch().layout() == BlockLayout.PRE_NORM && big.arch().finalNorm());
        assertEquals(64, big.numLayers());
        assertEquals(72, big.numHeads());
        assertEquals(9216, big.hiddenSize());
        assertEquals(64, big.maxBatch());
    }

    @Test
    void llama70bIsGroupedQueryWithRotaryOnTheWholeHead() {
        ModelConfig c = ModelRegistry.get("llama_70b");
        assertEquals(80, c.numLayers());
        assertEquals(64, c.numHeads());
        assertEquals(8, c.numKvHeads());
        assertEquals(8192, c.hiddenSize());
        assertEquals(28672, c.mlpSize());
        assertEquals(2 * 28672, c.mlpUpSize());
        assertEquals(AttentionKind.GQA, c.attention());
        assertEquals(Activation.SWIGLU, c.arch().activation());
        assertEquals(NormKind.RMS_NORM, c.arch().norm());
        assertEquals(1e-6f, c.arch().normEps());
        assertEquals(PositionEmbedding.ROPE_NEOX, c.arch().positions().kind());
        assertEquals(128, c.arch().positions().rotaryDim());
        assertEquals(10000f, c.arch().positions().rotaryBase());
        assertEquals(Biases.NONE, c.arch().biases());
        assertFalse(c.arch().tiedEmbeddings());
    }

    @Test
    void asRowsCopyTheArchitectureWithTheirOwnLimitsAndQuantization() {
        ModelConfig base = ModelRegistry.get("llama_70b");
        ModelConfig longContext = ModelRegistry.get("llama_70b_long_context");
        assertEquals(base.hiddenSize(), longContext.hiddenSize());
        assertEquals(base.numKvHeads(), longContext.numKvHeads());
        assertEquals(16, longContext.maxBatch());
        assertEquals(8000, longContext.maxInput());
        assertEquals(8200, longContext.maxSeq());
        assertEquals(16584, ModelRegistry.get("llama_70b_long_generation").maxSeq());
        assertEquals(Optional.of("int8_sq_per_token_channel"),
                ModelRegistry.quantization("gpt_350m_sq_per_token_channel"));
        assertEquals(Optional.empty(), ModelRegistry.quantization("gpt_350m"));
    }

    @Test
    void gptNextHasRotaryOnHalfTheHeadAndNoBias() {
        ModelConfig c = ModelRegistry.get("gpt_next_2b");
        assertEquals(Activation.SWIGLU, c.arch().activation());
        assertEquals(PositionEmbedding.ROPE_NEOX, c.arch().positions().kind());
        assertEquals(64, c.arch().positions().rotaryDim());
        assertEquals(128, c.headDim());
        assertEquals(Biases.NONE, c.arch().biases());
        assertEquals(256000, c.vocabSize());
    }

    @Test
    void unknownNameSuggestsTheClosestNames() {
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> ModelRegistry.get("gtp_350m"));
        assertTrue(e.getMessage().startsWith("unknown model 'gtp_350m'; did you mean gpt_350m, "), e.getMessage());
        assertTrue(e.getMessage().endsWith("?"), e.getMessage());
        assertEquals(3, e.getMessage().split(", ").length, e.getMessage());
    }

    @Test
    void requireSupportedRejectsFamiliesTheEngineLacks() {
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> ModelRegistry.requireSupported("glm_10b"));
        assertEquals("family glm is not supported yet (model glm_10b)", e.getMessage());
        for (String runs : List.of("gptj_6b", "gptneox_20b", "falcon_7b", "falcon_40b", "falcon_rw_1b", "bloom_560m", "starcoder_15.5b",
                "chatglm_6b")) {
            assertEquals(runs, ModelRegistry.requireSupported(runs).name());
        }
        assertEquals("llama_7b", ModelRegistry.requireSupported("llama_7b").name());
    }

    /** Heads wider than the attention kernels take are refused before any weight is made (2 heads of 512). */
    @Test
    void requireImplementedRejectsHeadsBeyondTheKernels() {
        ModelConfig wide = new ConfigBuilder("wide_heads", Family.GPT).shape(2, 2, 0, 1024, 101, 64, 160).limits(4, 64, 64).build();
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> Families.requireImplemented(wide));
        assertEquals("head dimension 512 (above 256) is not supported yet (model wide_heads)", e.getMessage());
    }

    @Test
    void requireSupportedAcceptsMixturesOfExperts() {
        assertEquals("mixtral_8x7b", ModelRegistry.requireSupported("mixtral_8x7b").name());
        assertEquals("gpt_350m_moe", ModelRegistry.requireSupported("gpt_350m_moe").name());
    }

    /** Until SmoothQuant exists, a quantized row would run in float16 under a quantized name: it is refused. */
    @Test
    void requireSupportedRejectsQuantizedRows() {
        for (String name : List.of("gpt_350m_sq_per_tensor", "gpt_350m_sq_per_token_channel", "llama_70b_sq_per_tensor")) {
            LlmbenchException e = assertThrows(LlmbenchException.class, () -> ModelRegistry.requireSupported(name));
            String quantization = ModelRegistry.quantization(name).orElseThrow();
            String base = name.substring(0, name.indexOf("_sq_"));
            assertEquals("quantization " + quantization + " is not supported yet (model " + name
                    + "); its unquantized architecture runs as " + base, e.getMessage());
        }
        assertEquals("llama_70b_long_context", ModelRegistry.requireSupported("llama_70b_long_context").name());
    }

    /** The families' own descriptors give each row its conventions: what differs between families is named. */
    @Test
    void familyDescriptorsCarryTheirArchitecture() {
        ModelConfig gptj = ModelRegistry.get("gptj_6b");
        assertEquals(BlockLayout.PARALLEL, gptj.arch().layout());
        assertEquals(new Biases(false, false, true, true), gptj.arch().biases());
        assertEquals(PositionEmbedding.ROPE_GPTJ, gptj.arch().positions().kind());
        assertEquals(64, gptj.arch().positions().rotaryDim());
        assertEquals(BlockLayout.PARALLEL_TWO_NORMS, ModelRegistry.get("gptneox_20b").arch().layout());
        assertEquals(AttentionKind.MQA, ModelRegistry.get("falcon_7b").attention());
        assertEquals(BlockLayout.PARALLEL, ModelRegistry.get("falcon_7b").arch().layout());
        assertEquals(BlockLayout.PARALLEL_TWO_NORMS, ModelRegistry.get("falcon_40b").arch().layout());
        assertEquals(PositionEmbedding.ALIBI_SCALED, ModelRegistry.get("falcon_rw_1b").arch().positions().kind());
        assertEquals(BlockLayout.PRE_NORM, ModelRegistry.get("falcon_rw_1b").arch().layout());
        assertEquals(PositionEmbedding.ALIBI, ModelRegistry.get("bloom_560m").arch().positions().kind());
        assertEquals(new Biases(true, false, false, false), ModelRegistry.get("qwen_7b_chat").arch().biases());
        assertEquals(new Experts(8, 2), ModelRegistry.get("mixtral_8x7b").arch().experts());
        assertEquals(new Experts(8, 1), ModelRegistry.get("gpt_350m_moe").arch().experts());
        assertEquals(Experts.NONE, ModelRegistry.get("llama_70b").arch().experts());
    }

    @Test
    void editDistanceCountsASwapOnce() {
        assertEquals(1, EditDistance.between("gtp", "gpt"));
        assertEquals(3, EditDistance.between("kitten", "sitting"));
        assertEquals(4, EditDistance.between("", "abcd"));
    }
}
