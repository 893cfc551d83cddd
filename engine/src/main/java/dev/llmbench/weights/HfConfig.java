package dev.llmbench.weights;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmbench.LlmbenchException;
import dev.llmbench.model.Activation;

import java.nio.file.Path;

/**
 * A Hugging Face {@code config.json}, with lookups that fail naming the file and the key. A key whose
 * value is JSON null counts as absent, as Hugging Face writes {@code "n_inner": null} for "the default".
 */
public final class HfConfig {
    private final JsonNode json;
    private final Path file;

    public HfConfig(JsonNode json, Path file) {
        this.json = json;
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public boolean has(String key) {
        return json.hasNonNull(key);
    }

    public JsonNode node(String key) {
        return json.path(key);
    }

    public int requireInt(String key) {
        if (!has(key)) throw problem("lacks " + key);
        if (!json.get(key).canConvertToInt()) throw problem("has a non-integer " + key);
        return json.get(key).asInt();
    }

    public int intOr(String key, int fallback) {
        return has(key) ? requireInt(key) : fallback;
    }

    public float floatOr(String key, float fallback) {
        if (!has(key)) return fallback;
        if (!json.get(key).isNumber()) throw problem("has a non-numeric " + key);
        return (float) json.get(key).asDouble();
    }

    public boolean boolOr(String key, boolean fallback) {
        return has(key) ? json.get(key).asBoolean() : fallback;
    }

    /**
     * A rotary setting: under {@code rope_parameters} where transformers 5 writes it, else under the older
     * top-level {@code olderKey}, else {@code fallback}.
     */
    public double ropeParameter(String key, String olderKey, double fallback) {
        if (node("rope_parameters").has(key)) return node("rope_parameters").get(key).asDouble();
        return has(olderKey) ? json.get(olderKey).asDouble() : fallback;
    }

    public String textOr(String key, String fallback) {
        return has(key) ? json.get(key).asText() : fallback;
    }

    /** The MLP activation named by {@code key} (Hugging Face's ACT2FN names). */
    public Activation activation(String key, String fallback) {
        String name = textOr(key, fallback);
        return switch (name) {
            // gelu_fast is the same tanh formula as gelu_new, written differently.
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> Activation.GELU_TANH;
            case "gelu" -> Activation.GELU_ERF;
            case "relu" -> Activation.RELU;
            case "silu", "swish" -> Activation.SILU;
            default -> throw problem("has " + key + " " + name + ", which is not supported");
        };
    }

    /** An error about this file: its path, then {@code what} ("lacks n_embd", "has ... which is not supported"). */
    public LlmbenchException problem(String what) {
        return new LlmbenchException(file + " " + what);
    }
}
