package dev.llmbench.bench.generate;

import dev.llmbench.bench.CommandOutput;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** CPU: the encode command's bad inputs are one clear line and exit status 2, before any GPU work. */
class EncodeCommandTest {
    private static String error(String... args) {
        return CommandOutput.userError(args);
    }

    @Test
    void aDecoderIsSentToGenerateAndAnEncoderToEncode() {
        assertEquals("ERROR: encode: gpt_350m is a decoder; use generate", error("encode", "--model", "gpt_350m", "--input-ids", "1,2"));
        assertEquals("ERROR: generate: bert_base is an encoder; use encode",
                error("generate", "--model", "bert_base", "--input-ids", "1,2", "--output-len", "2"));
    }

    @Test
    void badInputsAreNamed() {
        assertEquals("ERROR: encode: --pooled-out is not supported yet (the pooler's weights are not read)",
                error("encode", "--model", "bert_base", "--input-ids", "1,2", "--pooled-out", "x.npy"));
        assertTrue(error("encode", "--input-ids", "1").contains("give exactly one of --checkpoint DIR and --model NAME"));
        assertTrue(error("encode", "--model", "bert_base", "--input-ids", "1,x").contains("'x' is not a token id"));
        assertTrue(error("encode", "--model", "bert_base", "--input-ids", "1,99999").contains("token id 99999 of prompt 0"));
        assertTrue(error("encode", "--model", "bert_base", "--input-ids", "1,2;").contains("prompt 1 is empty"));
    }

    @Test
    void aSequenceLongerThanThePositionsIsRefusedBeforeTheGpu() {
        String longest = "1" + ",1".repeat(600); // bert_base takes 512 tokens
        assertEquals("ERROR: input length 601 exceeds max input length 512 of bert_base",
                error("encode", "--model", "bert_base", "--input-ids", longest));
    }

    /** Sequences of different lengths are padded, not refused: the command gets as far as the GPU. */
    @Test
    void raggedSequencesReachTheGpu() {
        CommandOutput r = CommandOutput.run(() -> {
            throw new dev.llmbench.LlmbenchException("no CUDA device");
        }, "encode", "--model", "bert_base", "--input-ids", "1,2,3;4,5");
        assertEquals("ERROR: no CUDA device", r.err().strip());
    }
}
