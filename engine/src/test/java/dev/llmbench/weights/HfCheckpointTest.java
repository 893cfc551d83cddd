package dev.llmbench.weights;

import dev.llmbench.LlmbenchException;
import dev.llmbench.families.HfCheckpoint;
import dev.llmbench.model.Limits;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.TinyConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HfCheckpointTest {
    @TempDir
    Path dir;

    /** {@code c} under the loader's name and limits, which a checkpoint cannot carry. */
    private static ModelConfig asLoaded(ModelConfig c, String name) {
        int positions = c.arch().positions().maxPositions();
        return new ModelConfig(name, c.dims(), c.arch(), new Limits(256, positions, positions));
    }

    private void assertRoundTrip(ModelConfig c, Function<HostWeights, HfExport> export) {
        HostWeights original = RandomInit.generate(c, 11);
        Path checkpoint = dir.resolve(c.name());
        export.apply(original).write(checkpoint);

        HfCheckpoint loaded = HfCheckpoint.load(checkpoint);
        assertEquals(asLoaded(c, "checkpoint:" + c.name()), loaded.config());
        for (String name : original.names()) {
            assertArrayEquals(original.get(name).shape(), loaded.weights().get(name).shape(), name);
            assertArrayEquals(original.data(name), loaded.weights().data(name), name);
        }
    }

    @Test
    void gpt2RoundTripsThroughConv1dTransposes() {
        assertRoundTrip(TinyConfigs.gpt(), HfExport::gpt2);
    }

    @Test
    void optPreNormRoundTrips() {
        assertRoundTrip(TinyConfigs.opt(false), HfExport::opt);
    }

    @Test
    void optPostNormRoundTripsWithoutFinalNorm() {
        assertRoundTrip(TinyConfigs.opt(true), HfExport::opt);
    }

    @Test
    void llamaRoundTripsWithGroupedQkvAndFusedGateUp() {
        assertRoundTrip(TinyConfigs.llama(), HfExport::llama);
    }

    /**
     * ChatGLM-6B v1 under ChatGLM2's class name: the 2D-position config is v1's (GLM residual, 2D rotary), its
     * per-head q/k/v rows are regrouped, the CPU reference runs it, and the engine takes it.
     */
    @Test
    void chatGlmVersionOneRoundTripsAndRuns() {
        assertRoundTrip(TinyConfigs.chatglm(), HfExport::chatglm);
        HfCheckpoint loaded = HfCheckpoint.load(dir.resolve(TinyConfigs.chatglm().name()));
        float[] logits = new dev.llmbench.reference.ReferenceModel(loaded.config(), loaded.weights())
                .logitsNoCache(new int[] {5, 17, 3, 42});
        assertEquals(loaded.config().vocabSize(), logits.length);
        assertDoesNotThrow(() -> dev.llmbench.families.Families.requireImplemented(loaded.config()));
    }

    @Test
    void tiedHeadIsTheEmbedding() {
        HfExport.gpt2(RandomInit.generate(TinyConfigs.gpt(), 2)).write(dir);
        HostWeights w = HfCheckpoint.load(dir).weights();
        assertSame(w.data(WeightLayout.EMBED), w.data(WeightLayout.LM_HEAD));
    }

    @Test
    void missingTensorNamesTensorAndCheckpoint() {
        HfExport export = HfExport.llama(RandomInit.generate(TinyConfigs.llama(), 3));
        export.tensors.removeIf(t -> t.name().equals("model.layers.1.mlp.up_proj.weight"));
        export.write(dir);
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> HfCheckpoint.load(dir));
        assertEquals("checkpoint " + dir + " has no tensor 'model.layers.1.mlp.up_proj.weight'", e.getMessage());
    }

    @Test
    void misshapedTensorNamesExpectedAndActualShape() {
        HfExport export = HfExport.llama(RandomInit.generate(TinyConfigs.llama(), 3));
        // k_proj with as many rows as q_proj: a checkpoint whose num_key_value_heads is wrong.
        export.tensors.replaceAll(t -> t.name().equals("model.layers.0.self_attn.k_proj.weight")
                ? new HostTensor(t.name(), new int[] {96, 96}, new float[96 * 96]) : t);
        export.write(dir);
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> HfCheckpoint.load(dir));
        assertEquals("tensor 'model.layers.0.self_attn.k_proj.weight' of checkpoint " + dir
                + " has shape [96, 96], expected [32, 96]", e.getMessage());
    }

    @Test
    void unknownArchitectureIsNamed() {
        HfExport.llama(RandomInit.generate(TinyConfigs.llama(), 3))
                .withConfig(json -> json.replace("LlamaForCausalLM", "MistralForCausalLM")).write(dir);
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> HfCheckpoint.load(dir));
        assertEquals("architecture MistralForCausalLM is not supported", e.getMessage());
    }

    @Test
    void optWithProjectedEmbeddingsIsRejected() {
        HfExport.opt(RandomInit.generate(TinyConfigs.opt(false), 3))
                .withConfig(json -> json.replace("\"word_embed_proj_dim\": 96", "\"word_embed_proj_dim\": 64")).write(dir);
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> HfCheckpoint.load(dir));
        assertTrue(e.getMessage().contains("word_embed_proj_dim 64 != hidden_size 96"), e.getMessage());
        assertTrue(e.getMessage().endsWith("not supported"), e.getMessage());
    }

    @Test
    void llamaHonoursV4RopeThetaAndRejectsRopeScaling() {
        HfExport llama = HfExport.llama(RandomInit.generate(TinyConfigs.llama(), 3));
        llama.withConfig(json -> json.replace("\"rope_parameters\": {\"rope_theta\": 10000.0, \"rope_type\": \"default\"}",
                "\"rope_theta\": 500000.0, \"rope_scaling\": null")).write(dir.resolve("v4"));
        assertEquals(500000f, HfCheckpoint.load(dir.resolve("v4")).config().arch().positions().rotaryBase());

        llama.withConfig(json -> json.replace("\"rope_type\": \"default\"", "\"rope_type\": \"llama3\"")).write(dir.resolve("l3"));
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> HfCheckpoint.load(dir.resolve("l3")));
        assertTrue(e.getMessage().contains("rope scaling of type 'llama3'"), e.getMessage());
    }

    @Test
    void missingConfigIsReported() {
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> HfCheckpoint.load(dir));
        assertEquals("checkpoint " + dir + " has no config.json", e.getMessage());
    }
}
