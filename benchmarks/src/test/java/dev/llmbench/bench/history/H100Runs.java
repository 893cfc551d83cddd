package dev.llmbench.bench.history;

import dev.llmbench.bench.Checkout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An index of the committed H100 runs of 5844fc4, a490751 and 2b78de5, written for a test: the history the
 * tests know by heart, which later runs added to jmh-results/index.json do not change.
 */
final class H100Runs {
    private static final String[][] RUNS = {
            {"1", "5844fc4", "2026-11-27-5844fc4-default.json"},
            {"1", "5844fc4", "2026-11-27-5844fc4-trt-gpt_350m.json"},
            {"2", "a490751", "2026-11-27-a490751-trt-llama_7b.json"},
            {"2", "a490751", "2026-11-27-a490751-trt-gpt_350m.json"},
            {"3", "2b78de5", "2026-11-27-2b78de5-trt-llama_7b.json"},
            {"3", "2b78de5", "2026-11-27-2b78de5-trt-gpt_350m.json"}};

    private H100Runs() {
    }

    /** The index, written into {@code dir}; its files are the committed JSON, by absolute path. */
    static Path index(Path dir) {
        List<String> runs = new ArrayList<>();
        for (String[] run : RUNS) {
            Path file = Checkout.file("jmh-results/h100/" + run[2]);
            runs.add("{\"order\": " + run[0] + ", \"commit\": \"" + run[1] + "\", \"date\": \"2026-11-27\", \"gpu\": \"h100\","
                    + " \"file\": \"" + file + "\"}");
        }
        try {
            return Files.writeString(dir.resolve("h100-index.json"), "{\"runs\": [" + String.join(",\n", runs) + "]}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
