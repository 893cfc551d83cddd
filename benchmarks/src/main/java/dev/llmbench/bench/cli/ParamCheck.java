package dev.llmbench.bench.cli;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.InputOutputLen;
import dev.llmbench.model.ModelRegistry;
import dev.llmbench.model.Mode;
import dev.llmbench.model.Precision;
import org.openjdk.jmh.runner.options.Options;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Checks every {@code -p} value of the decoder benchmark's parameters before any GPU work, with the
 * engine's own messages: a value that can never run (an unknown mode, a model the engine lacks, a length
 * pair that is not {@code IN:OUT}) is the user's error, told once, not one failed trial per fork. Whether
 * a combination fits the model's limits is the trial's business (see {@code SkippedTrial}).
 */
final class ParamCheck {

    /** The decoder benchmark's {@code @Param} fields, by name, with the check of one value. */
    static final Map<String, Consumer<String>> CHECKS = new LinkedHashMap<>();

    static {
        CHECKS.put("model", ModelRegistry::requireSupported);
        CHECKS.put("mode", Mode::parse);
        CHECKS.put("precision", Precision::parse);
        CHECKS.put("batchSize", value -> wholeNumber("batchSize", value, 1));
        CHECKS.put("inputOutputLen", InputOutputLen::require);
        CHECKS.put("maxBatchSize", value -> wholeNumber("maxBatchSize", value, 0));
        CHECKS.put("maxInputLen", value -> wholeNumber("maxInputLen", value, 0));
        CHECKS.put("maxSeqLen", value -> wholeNumber("maxSeqLen", value, 0));
        CHECKS.put("cudaGraph", ParamCheck::bool);
    }

    private ParamCheck() {
    }

    /** Throws the first value's problem, naming the parameter. */
    static void check(Options options) {
        for (Map.Entry<String, Consumer<String>> check : CHECKS.entrySet()) {
            Collection<String> values = options.getParameter(check.getKey()).orElse(java.util.List.of());
            for (String value : values) {
                try {
                    check.getValue().accept(value);
                } catch (LlmbenchException e) {
                    throw new LlmbenchException("-p " + check.getKey() + "=" + value + ": " + e.getMessage());
                }
            }
        }
    }

    private static void wholeNumber(String name, String value, int minimum) {
        try {
            if (Integer.parseInt(value.trim()) >= minimum) return;
        } catch (NumberFormatException notANumber) {
            // falls through to the error below
        }
        throw new LlmbenchException(name + " takes whole numbers >= " + minimum + ", not '" + value + "'");
    }

    private static void bool(String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new LlmbenchException("cudaGraph takes true or false, not '" + value + "'");
        }
    }
}
