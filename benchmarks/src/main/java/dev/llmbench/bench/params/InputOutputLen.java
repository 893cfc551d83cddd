package dev.llmbench.bench.params;

import dev.llmbench.LlmbenchException;

import java.util.Optional;

/**
 * One input/output length pair as the {@code inputOutputLen} parameter spells it: {@code IN:OUT}
 * (TensorRT-LLM writes {@code IN,OUT}, but JMH splits {@code -p} values on commas). The one place that
 * knows the spelling: the benchmark reads it, the TensorRT-LLM flags write it, the report reads it back.
 */
public record InputOutputLen(int input, int output) {

    /** The pair spelled {@code IN:OUT}, or empty when {@code text} is not two whole numbers around a colon. */
    public static Optional<InputOutputLen> parse(String text) {
        String[] parts = text.split(":");
        if (parts.length != 2) return Optional.empty();
        try {
            return Optional.of(new InputOutputLen(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }

    /** The pair spelled {@code IN:OUT}; anything else is a user error that shows the spelling. */
    public static InputOutputLen require(String text) {
        return parse(text).orElseThrow(() -> new LlmbenchException("inputOutputLen '" + text + "' must be IN:OUT, e.g. 60:20"));
    }

    /** {@code IN:OUT}. */
    public String spelled() {
        return input + ":" + output;
    }
}
