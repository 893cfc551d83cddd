package dev.llmbench.bench.generate;

import dev.llmbench.bench.CommandOutput;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** CPU: the generate command's bad inputs are one clear line and exit status 2, before any GPU work. */
class GenerateCommandTest {
    private static final String USAGE = "usage: generate (--checkpoint DIR | --model NAME) --input-ids";

    private static String error(String... args) {
        return CommandOutput.userError(args);
    }

    private static void assertContains(String text, String part) {
        assertTrue(text.contains(part), text);
    }

    @Test
    void raggedBatchIsRejected() {
        assertEquals("ERROR: generate: --input-ids: prompts in one batch must have equal length (prompt 1 has 2 tokens, prompt 0 has 3)",
                error("generate", "--model", "gpt_350m", "--input-ids", "1,2,3;4,5", "--output-len", "4"));
    }

    @Test
    void unknownModelSuggestsCloseNames() {
        assertContains(error("generate", "--model", "gtp_350m", "--input-ids", "1,2", "--output-len", "4"), "did you mean gpt_350m");
    }

    @Test
    void tokenOutsideTheVocabularyIsRejected() {
        assertContains(error("generate", "--model", "gpt_350m", "--input-ids", "1,51200", "--output-len", "4"), "token id 51200 of prompt 0 is outside the vocabulary of gpt_350m (0..51199)");
    }

    @Test
    void unsupportedDtypeAndMissingArgumentsAreNamed() {
        assertContains(error("generate", "--model", "gpt_350m", "--input-ids", "1", "--output-len", "4", "--dtype", "int3"), "unsupported dtype 'int3'");
        assertContains(error("generate", "--input-ids", "1", "--output-len", "4"), "exactly one of --checkpoint DIR and --model NAME");
        assertContains(error("generate", "--model", "gpt_350m", "--input-ids", "1,x", "--output-len", "4"), "'x' is not a token id");
    }

    @Test
    void aQuantizationTheEngineLacksOrThatNeeds16BitActivationsIsRefusedBeforeTheGpu() {
        assertContains(error("generate", "--model", "llama_7b", "--input-ids", "1", "--output-len", "4", "--quantization", "fp8"),
                "quantization fp8 (weights fp8_e4m3 per tensor) is not implemented in the GPU engine yet");
        assertContains(error("generate", "--model", "llama_7b", "--input-ids", "1", "--output-len", "4", "--quantization",
                "int8_weight_only", "--dtype", "float32"), "quantization int8_weight_only runs with float16 or bfloat16 activations");
        assertContains(error("generate", "--model", "llama_7b", "--input-ids", "1", "--output-len", "4", "--quantization", "int3"),
                "unknown quantization 'int3'");
    }

    /** A world size that does not split the model is one line before any GPU work. */
    @Test
    void aWorldSizeThatDoesNotSplitTheModelIsRefused() {
        assertContains(error("generate", "--model", "gpt_350m", "--input-ids", "1", "--output-len", "4", "--world-size", "3"),
                "gpt_350m cannot be split over 3 GPUs: 16 attention heads are not a multiple of 3");
        assertContains(error("generate", "--model", "gpt_350m", "--input-ids", "1", "--output-len", "4", "--world-size", "0"),
                "--world-size");
    }

    @Test
    void unsupportedFamilyIsNamed() {
        assertContains(error("generate", "--model", "glm_10b", "--input-ids", "1", "--output-len", "4"), "family glm is not supported yet");
    }

    @Test
    void emptyPromptsAndTokenIdsAreNamed() {
        assertEquals("ERROR: generate: --input-ids '1,2,3;': prompt 1 is empty",
                error("generate", "--model", "gpt_350m", "--input-ids", "1,2,3;", "--output-len", "4"));
        assertEquals("ERROR: generate: --input-ids '1,2;;3,4': prompt 1 is empty",
                error("generate", "--model", "gpt_350m", "--input-ids", "1,2;;3,4", "--output-len", "4"));
        assertEquals("ERROR: generate: --input-ids '': prompt 0 is empty",
                error("generate", "--model", "gpt_350m", "--input-ids", "", "--output-len", "4"));
        assertEquals("ERROR: generate: --input-ids: prompt 0 ('1,,2') has an empty token id",
                error("generate", "--model", "gpt_350m", "--input-ids", "1,,2", "--output-len", "4"));
        assertEquals("ERROR: generate: --input-ids: prompt 1 ('3,4,') has an empty token id",
                error("generate", "--model", "gpt_350m", "--input-ids", "1,2,3; 3,4,", "--output-len", "4"));
        assertEquals("ERROR: generate: --input-ids: '2.5' is not a token id (prompt 1)",
                error("generate", "--model", "gpt_350m", "--input-ids", "1;2.5", "--output-len", "4"));
    }

    @Test
    void badNumbersNameTheFlagAndTheValue() {
        assertEquals("ERROR: generate: --seed takes a whole number, not 'q'",
                error("generate", "--model", "gpt_350m", "--input-ids", "1", "--output-len", "4", "--seed", "q"));
        assertEquals("ERROR: generate: --output-len takes a whole number, not '4.0'",
                error("generate", "--model", "gpt_350m", "--input-ids", "1", "--output-len", "4.0"));
    }

    @Test
    void outputLenMustBeAtLeastOne() {
        assertEquals("ERROR: generate: --output-len must be at least 1, not 0",
                error("generate", "--model", "gpt_350m", "--input-ids", "1", "--output-len", "0"));
        assertEquals("ERROR: generate: --output-len must be at least 1, not -3",
                error("generate", "--model", "gpt_350m", "--input-ids", "1", "--output-len", "-3"));
        assertEquals("ERROR: generate: --output-len must be at most 2147483647, not 3000000000",
                error("generate", "--model", "gpt_350m", "--input-ids", "1", "--output-len", "3000000000"));
        assertContains(error("generate", "--model", "gpt_350m", "--input-ids", "1"), "generate: --output-len is required; " + USAGE);
        assertContains(error("generate", "--model", "gpt_350m", "--output-len", "4"), "generate: --input-ids is required; " + USAGE);
    }

    @Test
    void unknownOptionIsCalledUnknownWhereverItIs() {
        assertContains(error("generate", "--model", "gpt_350m", "--input-ids", "1", "--output-len", "4", "--temperature"),
                "ERROR: generate: unknown option --temperature; " + USAGE);
        assertContains(error("generate", "--temperature", "0.7", "--model", "gpt_350m", "--input-ids", "1", "--output-len", "4"),
                "ERROR: generate: unknown option --temperature; " + USAGE);
        assertContains(error("generate", "gpt_350m", "--input-ids", "1", "--output-len", "4"),
                "ERROR: generate: unexpected argument gpt_350m; " + USAGE);
    }

    @Test
    void everyOptionLeftWithoutItsValueSaysSo() {
        for (String flag : new String[] {"--checkpoint", "--model", "-m", "--input-ids", "--output-len", "--dtype", "--mode",
                "--seed", "--logits-out"}) {
            assertContains(error("generate", "--breakdown", flag), "ERROR: generate: " + flag + " needs a value; " + USAGE);
            assertContains(error("generate", flag, "--breakdown"), "ERROR: generate: " + flag + " needs a value; " + USAGE);
        }
    }

    @Test
    void aSeedWithACheckpointIsRefusedRatherThanIgnored() {
        assertEquals("ERROR: generate: --seed draws random weights for --model; a checkpoint has its own",
                error("generate", "--checkpoint", "/nowhere", "--seed", "3", "--input-ids", "1", "--output-len", "2"));
    }

    /** The logits file's folder is checked before the GPU work, not after it. */
    @Test
    void aLogitsFileWithoutAWritableFolderIsRefusedFirst(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path missing = dir.resolve("no-such-folder").resolve("logits.npy");
        assertEquals("ERROR: generate: --logits-out " + missing + ": no writable folder " + missing.getParent(),
                error("generate", "--model", "gpt_350m", "--input-ids", "1", "--output-len", "2", "--logits-out",
                        missing.toString()));
    }

    @Test
    void malformedConfigJsonIsOneLineNamingTheFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path config = dir.resolve("config.json");
        java.nio.file.Files.writeString(config, "{\"architectures\": [\"GPT2LMHeadModel\"],\n \"n_embd\": 64,\n}\n");

        String trailingComma = error("generate", "--checkpoint", dir.toString(), "--input-ids", "1", "--output-len", "4");
        assertTrue(trailingComma.startsWith("ERROR: cannot read " + config + ": Unexpected character ('}'"), trailingComma);
        assertTrue(trailingComma.endsWith(" at line 3, column 1"), trailingComma);

        java.nio.file.Files.writeString(config, "{\"architectures\": [");
        String truncated = error("generate", "--checkpoint", dir.toString(), "--input-ids", "1", "--output-len", "4");
        assertTrue(truncated.startsWith("ERROR: cannot read " + config + ": Unexpected end-of-input"), truncated);
    }

    @Test
    void npyHeaderIsWhatNumpyExpects(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("x.npy");
        NpyWriter.writeFloat32(f, new float[] {1f, 2f, 3f, 4f, 5f, 6f}, 2, 3);
        byte[] b = java.nio.file.Files.readAllBytes(f);
        assertEquals((byte) 0x93, b[0]);
        assertEquals("NUMPY", new String(b, 1, 5, java.nio.charset.StandardCharsets.US_ASCII));
        int headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLen) % 64, "data starts 64-byte aligned");
        String header = new String(b, 10, headerLen, java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(header.contains("'descr': '<f4'") && header.contains("'shape': (2, 3)") && header.endsWith("\n"), header);
        assertEquals(10 + headerLen + 24, b.length);
        assertEquals(6f, java.nio.ByteBuffer.wrap(b, 10 + headerLen + 20, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getFloat());
    }
}
