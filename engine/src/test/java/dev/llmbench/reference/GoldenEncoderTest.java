package dev.llmbench.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmbench.families.HfCheckpoint;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The encoder reference against Hugging Face's own last hidden states (tools/make_goldens.py, encoder.json),
 * on the tokens the mask keeps (a padded sequence's padding rows are not compared), and against its pooled
 * output (BertModel's and RobertaModel's pooler).
 */
class GoldenEncoderTest {
    private static final double TOLERANCE = 1e-4;

    @TestFactory
    Stream<DynamicTest> encoderMatchesHuggingFace() {
        List<Path> fixtures = Goldens.encoderDirectories();
        assertFalse(fixtures.isEmpty(), "no encoder fixtures under " + Goldens.ROOT + "/");
        return fixtures.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    private static void check(Path dir) throws IOException {
        JsonNode fixture = new ObjectMapper().readTree(dir.resolve("encoder.json").toFile());
        int[][] prompts = ints(fixture.get("prompts"));
        int[][] mask = ints(fixture.get("mask"));
        HfCheckpoint checkpoint = HfCheckpoint.load(dir);
        EncoderReference reference = new EncoderReference(checkpoint.config(), checkpoint.weights());
        float[][] hidden = reference.hiddenStates(prompts, mask);
        int width = checkpoint.config().hiddenSize();
        List<Float> got = new ArrayList<>();
        List<Float> want = new ArrayList<>();
        for (int b = 0; b < prompts.length; b++) {
            JsonNode row = fixture.get("hidden_states").get(b);
            for (int t = 0; t < prompts[b].length; t++) {
                if (mask[b][t] == 0) continue;
                for (int i = 0; i < width; i++) {
                    got.add(hidden[b][t * width + i]);
                    want.add((float) row.get(t * width + i).asDouble());
                }
            }
        }
        double error = Compare.relativeError(toArray(got), toArray(want));
        System.out.printf("[golden] %s encoder reference: hidden states relative error %.3g%n", dir.getFileName(), error);
        assertTrue(error <= TOLERANCE, dir.getFileName() + ": hidden states relative error " + error);

        assertTrue(checkpoint.config().arch().pooler(), dir.getFileName() + ": the fixture's checkpoint has a pooler");
        double pooledError = Compare.relativeError(reference.pooled(hidden), floats(fixture.get("pooled")));
        System.out.printf("[golden] %s encoder reference: pooled output relative error %.3g%n", dir.getFileName(), pooledError);
        assertTrue(pooledError <= TOLERANCE, dir.getFileName() + ": pooled output relative error " + pooledError);
    }

    static float[][] floats(JsonNode rows) {
        float[][] out = new float[rows.size()][];
        for (int r = 0; r < out.length; r++) {
            out[r] = new float[rows.get(r).size()];
            for (int i = 0; i < out[r].length; i++) out[r][i] = (float) rows.get(r).get(i).asDouble();
        }
        return out;
    }

    static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) out[i] = values.get(i);
        return out;
    }

    static int[][] ints(JsonNode rows) {
        int[][] out = new int[rows.size()][];
        for (int r = 0; r < out.length; r++) {
            out[r] = new int[rows.get(r).size()];
            for (int i = 0; i < out[r].length; i++) out[r][i] = rows.get(r).get(i).asInt();
        }
        return out;
    }
}
