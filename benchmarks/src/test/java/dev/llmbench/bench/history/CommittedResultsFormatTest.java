package dev.llmbench.bench.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmbench.bench.Checkout;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The committed results stay JMH's own JSON, which JMH's tools and jmh-visualizer read. What jmh-visualizer
 * (github.com/jzillmann/jmh-visualizer, 2023) reads of each result: {@code benchmark} split on dots into
 * class and method, {@code mode}, {@code params} as name=value text, the primary metric's {@code score},
 * {@code scoreError}, {@code scoreUnit} and its raw data ({@code rawDataHistogram} in SampleTime mode,
 * else {@code rawData}), and each secondary metric's score, error, unit and {@code rawData}. JMH writes
 * {@code threads}, {@code forks}, {@code scoreConfidence} and {@code scorePercentiles} beside them.
 */
class CommittedResultsFormatTest {

    private static final Set<String> MODES = Set.of("thrpt", "avgt", "sample", "ss");

    @Test
    void everyCommittedResultHasTheFieldsJmhVisualizerReads() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> problems = new ArrayList<>();
        int results = 0;
        for (IndexedRun run : ResultsIndex.read(Checkout.file("jmh-results/index.json")).runs()) {
            JsonNode root = json.readTree(run.file().toFile());
            String file = run.file().getFileName().toString();
            if (!root.isArray() || root.isEmpty()) {
                problems.add(file + ": not a non-empty array of results");
                continue;
            }
            for (JsonNode result : root) {
                results++;
                problems.addAll(problems(file + " " + result.path("benchmark").asText("?"), result));
            }
        }
        assertEquals(List.of(), problems);
        assertFalse(results == 0, "the index lists results");
    }

    private static List<String> problems(String where, JsonNode result) {
        List<String> problems = new ArrayList<>();
        if (!result.path("benchmark").isTextual() || !result.path("benchmark").asText().contains(".")) {
            problems.add(where + ": benchmark is not class.method");
        }
        if (!MODES.contains(result.path("mode").asText())) {
            problems.add(where + ": mode is not one of " + MODES);
        }
        for (String count : List.of("threads", "forks")) {
            if (!result.path(count).isInt()) {
                problems.add(where + ": " + count + " is not a whole number");
            }
        }
        JsonNode params = result.path("params");
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> param = it.next();
            if (!param.getValue().isTextual()) {
                problems.add(where + ": param " + param.getKey() + " is not text");
            }
        }
        if (!params.isMissingNode() && !params.isObject()) {
            problems.add(where + ": params is not an object");
        }
        String raw = result.path("mode").asText().equals("sample") ? "rawDataHistogram" : "rawData";
        problems.addAll(metricProblems(where + " primaryMetric", result.path("primaryMetric"), raw, true));
        JsonNode secondary = result.path("secondaryMetrics");
        if (!secondary.isObject()) {
            problems.add(where + ": secondaryMetrics is not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = secondary.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> metric = it.next();
            problems.addAll(metricProblems(where + " " + metric.getKey(), metric.getValue(), "rawData", false));
        }
        return problems;
    }

    private static List<String> metricProblems(String where, JsonNode metric, String raw, boolean primary) {
        List<String> problems = new ArrayList<>();
        if (!metric.path("score").isNumber()) {
            problems.add(where + ": score is not a number");
        }
        JsonNode error = metric.path("scoreError");
        if (!error.isNumber() && !error.asText().equals("NaN")) {
            problems.add(where + ": scoreError is neither a number nor \"NaN\"");
        }
        if (!metric.path("scoreUnit").isTextual()) {
            problems.add(where + ": scoreUnit is not text");
        }
        if (!metric.path(raw).isArray() || !metric.path(raw).path(0).isArray()) {
            problems.add(where + ": " + raw + " is not an array per fork");
        }
        if (primary && (metric.path("scoreConfidence").size() != 2 || !metric.path("scorePercentiles").isObject())) {
            problems.add(where + ": scoreConfidence or scorePercentiles is missing");
        }
        return problems;
    }
}
