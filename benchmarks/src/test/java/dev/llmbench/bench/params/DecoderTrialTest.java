package dev.llmbench.bench.params;

import dev.llmbench.model.Mode;
import dev.llmbench.model.Precision;
import dev.llmbench.model.Quantization;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A trial from the benchmark's parameters: what every process of a run over several builds from rank 0's message,
 * so the same parameters must give the same spec and the same prompts, and another seed other prompts.
 */
class DecoderTrialTest {
    private static Map<String, String> params(String seed) {
        Map<String, String> p = new HashMap<>();
        p.put(DecoderParam.MODEL.id, "llama_7b");
        p.put(DecoderParam.MODE.id, "ootb-except-mha");
        p.put(DecoderParam.PRECISION.id, "bfloat16");
        p.put(DecoderParam.QUANTIZATION.id, "int8_weight_only");
        p.put(DecoderParam.BATCH_SIZE.id, "8");
        p.put(DecoderParam.INPUT_OUTPUT_LEN.id, "60:20");
        p.put(DecoderParam.MAX_BATCH_SIZE.id, "0");
        p.put(DecoderParam.MAX_INPUT_LEN.id, "0");
        p.put(DecoderParam.MAX_SEQ_LEN.id, "0");
        p.put(DecoderParam.CUDA_GRAPH.id, "false");
        p.put(DecoderParam.WORLD_SIZE.id, "4");
        p.put(DecoderTrial.PROMPT_SEED, seed);
        return p;
    }

    @Test
    void theSameParametersGiveTheSameSpecAndPrompts() {
        DecoderTrial a = DecoderTrial.of(params("42")), b = DecoderTrial.of(params("42"));
        assertEquals(a.spec(), b.spec());
        assertArrayEquals(a.prompts(), b.prompts());
        assertFalse(Arrays.deepEquals(a.prompts(), DecoderTrial.of(params("43")).prompts()), "another seed, other prompts");
    }

    @Test
    void everyParameterReachesTheSpec() {
        DecoderTrial t = DecoderTrial.of(params("1"));
        assertEquals("llama_7b", t.spec().config().name());
        assertEquals(Mode.OOTB_EXCEPT_MHA, t.spec().mode());
        assertEquals(Precision.BFLOAT16, t.spec().precision());
        assertEquals(Quantization.INT8_WEIGHT_ONLY, t.spec().quantization());
        assertEquals(8, t.spec().batch());
        assertEquals(60, t.spec().inputLen());
        assertEquals(20, t.spec().outputLen());
        assertFalse(t.spec().cudaGraph());
        assertEquals(4, t.spec().shard().size());
        assertEquals(8, t.prompts().length);
        for (int[] p : t.prompts()) {
            assertEquals(60, p.length);
            for (int id : p) assertTrue(id >= 0 && id < t.spec().config().vocabSize(), "token " + id);
        }
    }
}
