package dev.llmbench.bench.history;

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
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code jmh-results/index.json}: the runs of the performance history and the order of their commits, which
 * neither file names nor dates give (several commits are measured on one day). Its shape:
 * <pre>
 * {"runs": [{"order": 1, "commit": "5844fc4", "date": "2026-11-27", "gpu": "h100",
 *            "file": "h100/2026-11-27-5844fc4-default.json"}, ...]}
 * </pre>
 * File paths are relative to the index's folder. Every problem is one line naming the index.
 */
public record ResultsIndex(Path file, List<IndexedRun> runs) {

    public static final Path DEFAULT = Path.of("jmh-results", "index.json");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ResultsIndex {
        runs = List.copyOf(runs);
    }

    public static ResultsIndex read(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new LlmbenchException("no index " + file + " (run from the repository root, or give --index FILE)");
        } catch (JsonProcessingException e) {
            throw new LlmbenchException(file + ": not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new LlmbenchException("cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonNode runs = root == null ? null : root.get("runs");
        if (runs == null || !runs.isArray()) {
            throw new LlmbenchException(file + ": expected {\"runs\": [...]}, one entry per JSON file");
        }
        Path folder = file.toAbsolutePath().getParent();
        List<IndexedRun> parsed = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            parsed.add(run(file, folder, i + 1, runs.get(i)));
        }
        checkOrders(file, parsed);
        return new ResultsIndex(file, parsed);
    }

    /** The GPU folders of the runs, sorted. */
    public TreeSet<String> gpus() {
        TreeSet<String> gpus = new TreeSet<>();
        runs.forEach(run -> gpus.add(run.gpu()));
        return gpus;
    }

    private static IndexedRun run(Path index, Path folder, int number, JsonNode node) {
        JsonNode order = node.get("order");
        if (order == null || !order.canConvertToInt() || !order.isIntegralNumber() || order.intValue() < 1) {
            throw new LlmbenchException(index + ": run " + number + " needs \"order\", a whole number from 1");
        }
        String relative = text(index, number, node, "file");
        Path file = folder.resolve(relative).normalize();
        if (!Files.isRegularFile(file)) {
            throw new LlmbenchException(index + ": run " + number + "'s file " + relative + " does not exist");
        }
        return new IndexedRun(order.intValue(), text(index, number, node, "commit"), text(index, number, node, "date"),
                text(index, number, node, "gpu"), file);
    }

    private static String text(Path index, int number, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new LlmbenchException(index + ": run " + number + " needs \"" + field + "\" (text)");
        }
        return value.asText();
    }

    /** One order per commit and one commit per order: else the history's steps would be between the wrong runs. */
    private static void checkOrders(Path index, List<IndexedRun> runs) {
        Map<String, Integer> orderOfCommit = new HashMap<>();
        Map<Integer, String> commitOfOrder = new HashMap<>();
        for (IndexedRun run : runs) {
            Integer order = orderOfCommit.putIfAbsent(run.commit(), run.order());
            if (order != null && order != run.order()) {
                throw new LlmbenchException(index + ": commit " + run.commit() + " has orders " + order + " and "
                        + run.order() + "; the runs of one commit share one order");
            }
            String commit = commitOfOrder.putIfAbsent(run.order(), run.commit());
            if (commit != null && !commit.equals(run.commit())) {
                throw new LlmbenchException(index + ": order " + run.order() + " is given to commits " + commit
                        + " and " + run.commit());
            }
        }
    }
}
