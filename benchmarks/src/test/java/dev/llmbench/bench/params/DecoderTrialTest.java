package dev.llmbench.bench.params;

import dev.llmbench.model.Mode;
import dev.llmbench.model.Precision;
import dev.llmbench.model.Quantization;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A trial from the benchmark's parameters: what every process of a run over several builds from rank 0's message,
 * so the same parameters must give the same spec and the same prompts, and another seed other prompts.
 */
class DecoderTrialTest {
    private static Map<String, String> params(long seed) {
        return TrialParams.of("llama_7b", "ootb-except-mha", "bfloat16", "int8_weight_only", 8, "60:20", false, 4, seed);
    }

    @Test
    void theSameParametersGiveTheSameSpecAndPrompts() {
        DecoderTrial a = DecoderTrial.of(params(42)), b = DecoderTrial.of(params(42));
        assertEquals(a.spec(), b.spec());
        assertArrayEquals(a.prompts(), b.prompts());
        assertFalse(Arrays.deepEquals(a.prompts(), DecoderTrial.of(params(43)).prompts()), "another seed, other prompts");
    }

    @Test
    void everyParameterReachesTheSpec() {
        DecoderTrial t = DecoderTrial.of(params(1));
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
