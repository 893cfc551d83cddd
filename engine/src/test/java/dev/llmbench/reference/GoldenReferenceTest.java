package dev.llmbench.reference;

import dev.llmbench.families.HfCheckpoint;
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
        Golden golden = Golden.read(dir);
        HfCheckpoint checkpoint = HfCheckpoint.load(dir);
        GenerateResult result = new ReferenceModel(checkpoint.config(), checkpoint.weights())
                .generate(golden.prompts(), golden.outputLen());

        assertEquals(golden.firstLogits()[0].length, checkpoint.config().vocabSize(), "vocabulary of the golden logits");
        double error = Compare.relativeError(result.firstLogits(), golden.firstLogits());
        System.out.printf("[golden] %s reference: first-step logits relative error %.3g%n", golden.name(), error);
        assertTrue(error <= LOGITS_TOLERANCE, golden.name() + ": first-step logits relative error " + error
                + " (transformers " + golden.transformersVersion() + ")");
        for (int b = 0; b < golden.prompts().length; b++) {
            assertArrayEquals(golden.greedyTokens()[b], result.tokens()[b], golden.name() + ": greedy tokens of prompt " + b);
        }
    }
}
