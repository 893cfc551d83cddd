package dev.llmbench.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmbench.weights.HfCheckpoint;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CPU reference against Hugging Face transformers: each fixture of tools/make_goldens.py is loaded through
 * {@link HfCheckpoint} (the real checkpoint-mapping path) and generated greedily; the first-step logits must
 * agree within fp32 rounding and the greedy tokens exactly.
 */
class GoldenReferenceTest {
    private static final double LOGITS_TOLERANCE = 1e-4;

    @TestFactory
    Stream<DynamicTest> referenceMatchesHuggingFace() {
        List<Path> goldens = Goldens.directories();
        assertFalse(goldens.isEmpty(), "no golden fixtures on the test classpath under " + Goldens.ROOT
                + "/: run tools/make_goldens.py (see its header) and commit its output");
        return goldens.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    private static void check(Path dir) throws IOException {
        JsonNode golden = new ObjectMapper().readTree(dir.resolve("golden.json").toFile());
        int[][] prompts = ints(golden.get("prompts"));
        int[][] expectedTokens = ints(golden.get("greedy_tokens"));
        float[][] expectedLogits = floats(golden.get("first_logits"));
        int outputLen = golden.get("output_len").asInt();

        HfCheckpoint checkpoint = HfCheckpoint.load(dir);
        GenerateResult result = new ReferenceModel(checkpoint.config(), checkpoint.weights()).generate(prompts, outputLen);

        assertEquals(expectedLogits[0].length, checkpoint.config().vocabSize(), "vocabulary of the golden logits");
        double error = Compare.relativeError(result.firstLogits(), expectedLogits);
        assertTrue(error <= LOGITS_TOLERANCE, dir.getFileName() + ": first-step logits relative error " + error
                + " (transformers " + golden.path("transformers_version").asText() + ")");
        for (int b = 0; b < prompts.length; b++) {
            assertArrayEquals(expectedTokens[b], result.tokens()[b], dir.getFileName() + ": greedy tokens of prompt " + b);
        }
    }

    private static int[][] ints(JsonNode rows) {
        int[][] out = new int[rows.size()][];
        for (int r = 0; r < out.length; r++) {
            out[r] = new int[rows.get(r).size()];
            for (int i = 0; i < out[r].length; i++) out[r][i] = rows.get(r).get(i).asInt();
        }
        return out;
    }

    private static float[][] floats(JsonNode rows) {
        float[][] out = new float[rows.size()][];
        for (int r = 0; r < out.length; r++) {
            out[r] = new float[rows.get(r).size()];
            for (int i = 0; i < out[r].length; i++) out[r][i] = (float) rows.get(r).get(i).asDouble();
        }
        return out;
    }
}
