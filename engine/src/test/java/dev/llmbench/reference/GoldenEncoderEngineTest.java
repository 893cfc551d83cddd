package dev.llmbench.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmbench.families.HfCheckpoint;
import dev.llmbench.model.Mode;
import dev.llmbench.model.Precision;
import dev.llmbench.runtime.EncoderEngine;
import dev.llmbench.runtime.WeightSource;
import dev.llmbench.testing.GpuTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The GPU encoder against Hugging Face's last hidden states (encoder.json), each encoder fixture in every
 * precision and mode, its pass replayed from a CUDA graph and launched kernel by kernel, on the tokens the mask
 * keeps (the fixture pads its last sequence at the end: the engine takes that as the sequence's length), and
 * against its pooled output, each within {@link AccuracyLimit}'s limits.
 */
@GpuTest
class GoldenEncoderEngineTest {

    @TestFactory
    Stream<DynamicTest> encoderEngineMatchesHuggingFace() {
        List<Path> fixtures = Goldens.encoderDirectories();
        assertFalse(fixtures.isEmpty(), "no encoder fixtures under " + Goldens.ROOT + "/");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : fixtures) {
            for (Precision p : Precision.values()) {
                for (Mode m : Mode.values()) {
                    for (boolean graph : new boolean[] {true, false}) {
                        String name = dir.getFileName() + " " + p.id() + " " + m.id + (graph ? " graph" : " kernel by kernel");
                        tests.add(DynamicTest.dynamicTest(name, () -> check(dir, p, m, graph)));
                    }
                }
            }
        }
        return tests.stream();
    }

    private static void check(Path dir, Precision precision, Mode mode, boolean cudaGraph) throws Exception {
        JsonNode fixture = new ObjectMapper().readTree(dir.resolve("encoder.json").toFile());
        int[][] prompts = GoldenEncoderTest.ints(fixture.get("prompts"));
        int[][] mask = GoldenEncoderTest.ints(fixture.get("mask"));
        int[] lengths = new int[prompts.length];
        for (int b = 0; b < prompts.length; b++) {
            for (int t = 0; t < mask[b].length; t++) {
                if (mask[b][t] == 1) {
                    assertEquals(t, lengths[b], dir.getFileName() + ": the engine takes masks that keep a prefix");
                    lengths[b]++;
                }
            }
        }
        HfCheckpoint checkpoint = HfCheckpoint.load(dir);
        EncoderEngine.Spec spec = new EncoderEngine.Spec(checkpoint.config(), precision, mode, prompts.length,
                prompts[0].length, new WeightSource.Host(checkpoint.weights()), 0, cudaGraph);
        float[][] hidden, pooled;
        try (EncoderEngine engine = EncoderEngine.build(spec)) {
            hidden = engine.encode(prompts, lengths);
            pooled = engine.pooled();
        }
        int width = checkpoint.config().hiddenSize();
        List<Float> got = new ArrayList<>(), want = new ArrayList<>();
        for (int b = 0; b < prompts.length; b++) {
            JsonNode row = fixture.get("hidden_states").get(b);
            for (int t = 0; t < lengths[b]; t++) {
                for (int i = 0; i < width; i++) {
                    got.add(hidden[b][t * width + i]);
                    want.add((float) row.get(t * width + i).asDouble());
                }
            }
        }
        double error = Compare.relativeError(GoldenEncoderTest.toArray(got), GoldenEncoderTest.toArray(want));
        double limit = AccuracyLimit.of(precision, fixture);
        System.out.printf("[golden] %s encoder %s %s: hidden states relative error %.3g (limit %.3g)%n", dir.getFileName(),
                precision.id(), mode.id, error, limit);
        assertTrue(error <= limit, dir.getFileName() + " " + precision.id() + " " + mode.id + ": relative error " + error + " > " + limit);

        double pooledError = Compare.relativeError(pooled, GoldenEncoderTest.floats(fixture.get("pooled")));
        double pooledLimit = AccuracyLimit.of(precision, fixture, "hf_low_precision_error_pooled");
        System.out.printf("[golden] %s encoder %s %s: pooled output relative error %.3g (limit %.3g)%n", dir.getFileName(),
                precision.id(), mode.id, pooledError, pooledLimit);
        assertTrue(pooledError <= pooledLimit, dir.getFileName() + " " + precision.id() + " " + mode.id + ": pooled relative error "
                + pooledError + " > " + pooledLimit);
    }
}
