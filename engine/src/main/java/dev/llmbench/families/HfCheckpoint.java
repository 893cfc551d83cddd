package dev.llmbench.families;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmbench.LlmbenchException;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.weights.CheckpointTensors;
import dev.llmbench.weights.HfConfig;
import dev.llmbench.weights.HostWeights;
import dev.llmbench.weights.JsonFile;
import dev.llmbench.weights.PackedCheckpoint;
import dev.llmbench.weights.SafetensorsReader;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Hugging Face checkpoint directory ({@code config.json} plus safetensors, sharded or not) loaded into the
 * engine's model description and canonical weight layout, through the mapping of the family that reads
 * the checkpoint's architecture (GPT2LMHeadModel, OPTForCausalLM, LlamaForCausalLM). Published AWQ and GPTQ int4
 * checkpoints load too: their linear weights are read from the packed codes as they are ({@link PackedCheckpoint}).
 */
public record HfCheckpoint(ModelConfig config, HostWeights weights) {

    public static HfCheckpoint load(Path dir) {
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new LlmbenchException("checkpoint " + dir + " has no config.json");
        }
        HfConfig config = new HfConfig(JsonFile.read(configFile), configFile);
        HfMapping architecture = architecture(config);
        CheckpointTensors tensors = new CheckpointTensors(SafetensorsReader.open(dir), dir, PackedCheckpoint.of(config).orElse(null));
        ModelConfig model = architecture.config(config, "checkpoint:" + dir.getFileName(), tensors);
        checkHeads(config, model);
        return new HfCheckpoint(model, new HostWeights(model, architecture.tensors(model, tensors)));
    }

    private static HfMapping architecture(HfConfig config) {
        JsonNode architectures = config.node("architectures");
        if (!architectures.isArray() || architectures.isEmpty()) {
            throw config.problem("names no architectures");
        }
        String name = architectures.get(0).asText();
        return Families.checkpoint(name).orElseThrow(() -> new LlmbenchException("architecture " + name + " is not supported"));
    }

    private static void checkHeads(HfConfig config, ModelConfig c) {
        if (c.numHeads() <= 0 || c.hiddenSize() % c.numHeads() != 0) {
            throw config.problem("has hidden size " + c.hiddenSize() + ", not a multiple of its "
                    + c.numHeads() + " attention heads");
        }
        if (c.numKvHeads() <= 0 || c.numHeads() % c.numKvHeads() != 0) {
            throw config.problem("has " + c.numHeads() + " attention heads, not a multiple of its "
                    + c.numKvHeads() + " key/value heads");
        }
    }
}
