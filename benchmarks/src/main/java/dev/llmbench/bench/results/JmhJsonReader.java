package dev.llmbench.bench.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmbench.LlmbenchException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the JSON that JMH writes with {@code -rf json}: an array with one object per result, each
 * with {@code benchmark}, {@code mode}, optional {@code params}, {@code primaryMetric} and
 * {@code secondaryMetrics}. Fields we do not use (JVM, iteration settings, raw data) are ignored.
 */
public final class JmhJsonReader {

    /** Older JMH versions put this before each secondary label ({@code ·gc.alloc.rate}). */
    private static final String OLD_SECONDARY_PREFIX = "\u00b7";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JmhJsonReader() {
    }

    public static List<JmhResult> read(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new LlmbenchException("no such file: " + file);
        } catch (IOException e) {
            throw new LlmbenchException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(json);
        } catch (LlmbenchException e) {
            throw new LlmbenchException(file + ": " + e.getMessage(), e);
        }
    }

    public static List<JmhResult> parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new LlmbenchException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new LlmbenchException("not a JMH JSON result file (expected an array of results)");
        }
        List<JmhResult> results = new ArrayList<>();
        for (JsonNode node : root) {
            results.add(result(node));
        }
        return results;
    }

    private static JmhResult result(JsonNode node) {
        String benchmark = requiredText(node, "benchmark");
        TreeMap<String, String> params = new TreeMap<>();
        node.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        Map<String, JmhMetric> secondary = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("secondaryMetrics").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            secondary.put(withoutOldPrefix(e.getKey()), metric(e.getValue(), benchmark));
        }
        JsonNode primary = node.get("primaryMetric");
        if (primary == null) {
            throw new LlmbenchException("result of " + benchmark + " has no primaryMetric");
        }
        return new JmhResult(benchmark, requiredText(node, "mode"), params, metric(primary, benchmark), secondary);
    }

    private static JmhMetric metric(JsonNode node, String benchmark) {
        Map<Double, Double> percentiles = new LinkedHashMap<>();
        node.path("scorePercentiles").fields().forEachRemaining(
                e -> percentiles.put(Double.parseDouble(e.getKey()), number(e.getValue())));
        if (!node.has("score")) {
            throw new LlmbenchException("a metric of " + benchmark + " has no score");
        }
        return new JmhMetric(number(node.get("score")), number(node.get("scoreError")), percentiles,
                node.path("scoreUnit").asText(""));
    }

    /** JMH writes non-finite doubles as the strings "NaN", "+INF" and "-INF". */
    private static double number(JsonNode node) {
        if (node == null || node.isNull()) {
            return Double.NaN;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return switch (node.asText()) {
            case "+INF" -> Double.POSITIVE_INFINITY;
            case "-INF" -> Double.NEGATIVE_INFINITY;
            default -> Double.NaN;
        };
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new LlmbenchException("a result has no \"" + field + "\" field: not a JMH JSON result file");
        }
        return value.asText();
    }

    private static String withoutOldPrefix(String label) {
        return label.startsWith(OLD_SECONDARY_PREFIX) ? label.substring(OLD_SECONDARY_PREFIX.length()) : label;
    }
}
