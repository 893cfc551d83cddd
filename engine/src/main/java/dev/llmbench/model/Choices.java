package dev.llmbench.model;

import java.util.List;

/** A list of allowed values as a sentence says it: "a", "a or b", "a, b or c". */
final class Choices {
    private Choices() {
    }

    static String of(List<String> values) {
        if (values.size() < 2) return String.join("", values);
        return String.join(", ", values.subList(0, values.size() - 1)) + " or " + values.get(values.size() - 1);
    }
}
