package dev.llmbench.families;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmbench.LlmbenchException;
import dev.llmbench.model.PositionEmbedding;
import dev.llmbench.reference.Goldens;
import dev.llmbench.weights.HostTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The config.json variants of the remote-code families that their one golden each does not cover: Baichuan's
 * two class names (rotary at hidden 4096, ALiBi otherwise) and Baichuan2's NormHead, Qwen v1's older keys
 * (ChatGLM-6B v1 under ChatGLM2's class name: HfCheckpointTest).
 */
class RemoteCodeFamiliesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The golden checkpoint {@code golden} copied to a temporary folder with its config.json edited. */
    private Path edited(String golden, Consumer<ObjectNode> edit) throws IOException {
        Path from = Goldens.directory(golden);
        Path to = dir.resolve(golden);
        Files.createDirectories(to);
        Files.copy(from.resolve("model.safetensors"), to.resolve("model.safetensors"));
        ObjectNode config = (ObjectNode) JSON.readTree(from.resolve("config.json").toFile());
        edit.accept(config);
        JSON.writeValue(to.resolve("config.json").toFile(), config);
        return to;
    }

    @Test
    void baichuanIsRotaryUnderItsFirstNameAndAlibiUnderTheSecondBelowHidden4096() throws IOException {
        assertEquals(PositionEmbedding.ROPE_NEOX, HfCheckpoint.load(Goldens.directory("baichuan")).config().arch().positions().kind());
        Path second = edited("baichuan", c -> c.putArray("architectures").add("BaichuanForCausalLM"));
        assertEquals(PositionEmbedding.ALIBI, HfCheckpoint.load(second).config().arch().positions().kind());
    }

    @Test
    void baichuan2NormHeadRowsHaveUnitLengthAndKeepTheirDirection() {
        HostTensor w = new HostTensor("lm_head.weight", new int[] {2, 3}, new float[] {3, 0, 4, 0, -2, 0});
        HostTensor n = BaichuanFamily.normalizedRows(w);
        assertArrayEquals(new float[] {0.6f, 0, 0.8f, 0, -1, 0}, n.data(), 1e-7f);
        assertArrayEquals(new float[] {3, 0, 4, 0, -2, 0}, w.data(), "the stored weight is left as it was");
    }

    @Test
    void qwenReadsTheOlderKeysAndStopsAtSeqLength() throws IOException {
        Path older = edited("qwen", c -> {
            c.set("n_embd", c.remove("hidden_size"));
            c.set("n_layer", c.remove("num_hidden_layers"));
            c.set("n_head", c.remove("num_attention_heads"));
            c.set("ffn_hidden_size", c.remove("intermediate_size"));
            c.set("n_positions", c.remove("max_position_embeddings"));
            c.put("seq_length", 64);
        });
        var newer = HfCheckpoint.load(Goldens.directory("qwen")).config();
        var loaded = HfCheckpoint.load(older).config();
        assertEquals(newer.hiddenSize(), loaded.hiddenSize());
        assertEquals(newer.numHeads(), loaded.numHeads());
        assertEquals(newer.numLayers(), loaded.numLayers());
        assertEquals(newer.mlpSize(), loaded.mlpSize(), "ffn_hidden_size counts both branches, as intermediate_size");
        assertEquals(64, loaded.arch().positions().maxPositions(), "log-n and NTK scaling begin past seq_length");
    }
}
