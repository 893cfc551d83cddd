package dev.llmbench.bench.report;

import java.util.List;

/** One {@code [BENCHMARK]} line: its fields, in print order. Values are already formatted. */
public record ReportRow(List<Field> fields) {

    public record Field(String key, String value) {
    }

    public ReportRow {
        fields = List.copyOf(fields);
    }

    public String value(String key) {
        for (Field field : fields) {
            if (field.key().equals(key)) {
                return field.value();
            }
        }
        throw new IllegalArgumentException("no field " + key);
    }

    public List<String> keys() {
        return fields.stream().map(Field::key).toList();
    }
}
