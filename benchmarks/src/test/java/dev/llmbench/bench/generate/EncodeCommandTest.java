package dev.llmbench.bench.generate;

import dev.llmbench.bench.CommandOutput;
import org.junit.jupiter.api.Test;
import java.nio.file.Path;
import java.nio.file.Files;
import java.io.IOException;
import org.junit.jupiter.api.io.TempDir;

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
        assertTrue(error("encode", "--input-ids", "1").contains("give exactly one of --checkpoint DIR and --model NAME"));
        assertTrue(error("encode", "--model", "bert_base", "--input-ids", "1,x").contains("'x' is not a token id"));
        assertTrue(error("encode", "--model", "bert_base", "--input-ids", "1,99999").contains("token id 99999 of prompt 0"));
        assertTrue(error("encode", "--model", "bert_base", "--input-ids", "1,2;").contains("prompt 1 is empty"));
    }

    /**
     * --pooled-out needs a pooler: a registry BERT has one and gets as far as the GPU; a checkpoint saved without
     * one (the bert fixture with its pooler tensors renamed in place) is refused before it.
     */
    @Test
    void pooledOutNeedsAPooler(@TempDir Path dir) throws IOException {
        String out = dir.resolve("pooled.npy").toString();
        CommandOutput withPooler = CommandOutput.run(() -> {
            throw new dev.llmbench.LlmbenchException("no CUDA device");
        }, "encode", "--model", "bert_base", "--input-ids", "1,2", "--pooled-out", out);
        assertEquals("ERROR: no CUDA device", withPooler.err().strip());

        Path checkpoint = Files.createDirectories(dir.resolve("bert-without-pooler"));
        Path golden = dev.llmbench.reference.Goldens.directory("bert");
        Files.copy(golden.resolve("config.json"), checkpoint.resolve("config.json"));
        byte[] tensors = Files.readAllBytes(golden.resolve("model.safetensors"));
        String text = new String(tensors, java.nio.charset.StandardCharsets.ISO_8859_1).replace("pooler.dense.", "unused.dense.");
        Files.write(checkpoint.resolve("model.safetensors"), text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals("ERROR: encode: checkpoint:bert-without-pooler has no pooler (its checkpoint holds no pooler.dense weights): drop"
                + " --pooled-out", error("encode", "--checkpoint", checkpoint.toString(), "--input-ids", "1,2", "--pooled-out", out));
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
