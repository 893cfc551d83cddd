package dev.llmbench.bench.history;

import dev.llmbench.bench.params.InputOutputLen;
import dev.llmbench.bench.results.JmhResult;

import java.util.Comparator;
import java.util.Optional;

/**
 * What one line of the history follows: a benchmark method with one model, precision, mode, batch size and
 * input/output lengths. Other parameters are left out on purpose: a parameter added to the benchmark later
 * must not cut every line at the commit that added it.
 */
public record Configuration(String method, String model, String precision, String mode, String batchSize,
                            String inputOutputLen) {

    /** Where a value that is not a number sorts: last. */
    private static final int UNKNOWN = Integer.MAX_VALUE;

    /** Models, methods, then lengths and batch sizes by number: the legend's order. */
    static final Comparator<Configuration> ORDER = Comparator.comparing(Configuration::model)
            .thenComparing(Configuration::method)
            .thenComparing(Configuration::precision)
            .thenComparing(Configuration::mode)
            .thenComparingInt(c -> InputOutputLen.parse(c.inputOutputLen).map(InputOutputLen::input).orElse(UNKNOWN))
            .thenComparingInt(c -> InputOutputLen.parse(c.inputOutputLen).map(InputOutputLen::output).orElse(UNKNOWN))
            .thenComparingInt(c -> number(c.batchSize))
            .thenComparing(Configuration::inputOutputLen)
            .thenComparing(Configuration::batchSize);

    /** The result's configuration; empty for a result without a model (not a decoder benchmark). */
    static Optional<Configuration> of(JmhResult result) {
        return result.param("model").map(model -> new Configuration(result.method(), model,
                result.param("precision").orElse("?"), result.param("mode").orElse("?"),
                result.param("batchSize").orElse("?"), result.param("inputOutputLen").orElse("?")));
    }

    /** The legend's text inside the model's panel, e.g. {@code generate batch 8, 60:20, float16 plugin}. */
    String label() {
        return method + " batch " + batchSize + ", " + inputOutputLen + ", " + precision + " " + mode;
    }

    private static int number(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException notANumber) {
            return UNKNOWN;
        }
    }
}
