package dev.llmbench.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One fixture of tools/make_goldens.py: its prompts, the Hugging Face first-step logits [B][V] and greedy
 * tokens [B][outputLen], the transformers version that made them, and the JSON itself (for {@link AccuracyLimit}).
 */
public record Golden(Path dir, int[][] prompts, float[][] firstLogits, int[][] greedyTokens, int outputLen,
              String transformersVersion, JsonNode json) {

    public static Golden read(Path dir) throws IOException {
        JsonNode g = new ObjectMapper().readTree(dir.resolve("golden.json").toFile());
        return new Golden(dir, ints(g.get("prompts")), floats(g.get("first_logits")), ints(g.get("greedy_tokens")),
                g.get("output_len").asInt(), g.path("transformers_version").asText(), g);
    }

    /** How close the GPU engine must come to these logits in {@code precision}. */
    public double engineLimit(dev.llmbench.model.Precision precision) {
        return AccuracyLimit.of(precision, json);
    }

    public String name() {
        return dir.getFileName().toString();
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
