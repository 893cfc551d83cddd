package dev.llmbench.bench.params;

import dev.llmbench.LlmbenchException;
import dev.llmbench.families.ModelRegistry;
import dev.llmbench.model.Mode;
import dev.llmbench.model.Precision;
import dev.llmbench.model.Quantization;
import dev.llmbench.runtime.Numerics;

import java.util.function.Consumer;

/**
 * The parameters of the decoder benchmark: the one place that names them, holds their defaults (the
 * {@code @Param} annotations of {@code DecoderBenchmark} read {@link Defaults}) and checks one value.
 * The TensorRT-LLM flags write them, the launcher checks them before any GPU work, the report reads them
 * back from JMH's results. (A Java field cannot take its name from a constant: a test holds the benchmark's
 * {@code @Param} fields to this list.)
 */
public enum DecoderParam {
    MODEL("model", ModelRegistry::requireSupported),
    MODE("mode", Mode::parse),
    PRECISION("precision", Precision::parse),
    QUANTIZATION("quantization", DecoderParam::quantization),
    BATCH_SIZE("batchSize", value -> wholeNumber("batchSize", value, 1)),
    INPUT_OUTPUT_LEN("inputOutputLen", InputOutputLen::require),
    MAX_BATCH_SIZE("maxBatchSize", value -> wholeNumber("maxBatchSize", value, 0)),
    MAX_INPUT_LEN("maxInputLen", value -> wholeNumber("maxInputLen", value, 0)),
    MAX_SEQ_LEN("maxSeqLen", value -> wholeNumber("maxSeqLen", value, 0)),
    CUDA_GRAPH("cudaGraph", DecoderParam::bool),
    WORLD_SIZE("worldSize", value -> wholeNumber("worldSize", value, 1));

    /** The defaults, as constants so that {@code @Param} annotations can carry them. */
    public static final class Defaults {
        public static final String MODEL = "gpt_350m";
        public static final String MODE = "plugin";
        public static final String PRECISION = "float16";
        public static final String QUANTIZATION = "none";
        public static final String BATCH_SIZE = "1";
        public static final String INPUT_OUTPUT_LEN = "60:20";
        /** 0 keeps the registry's limit. */
        public static final String MODEL_LIMIT = "0";
        public static final String CUDA_GRAPH = "true";
        public static final String WORLD_SIZE = "1";

        private Defaults() {
        }
    }

    /** The {@code @Param} field's name, as {@code -p} and JMH's results spell it. */
    public final String id;
    private final Consumer<String> check;

    DecoderParam(String id, Consumer<String> check) {
        this.id = id;
        this.check = check;
    }

    /** Throws the engine's own message when {@code value} can never run, naming the parameter. */
    public void check(String value) {
        checked(id, value, check);
    }

    /** Runs {@code check} on {@code value}, its message prefixed with {@code -p ID=VALUE} (both benchmarks' params). */
    static void checked(String id, String value, Consumer<String> check) {
        try {
            check.accept(value);
        } catch (LlmbenchException e) {
            throw new LlmbenchException("-p " + id + "=" + value + ": " + e.getMessage());
        }
    }

    /** Throws unless {@code value} is a whole number of at least {@code minimum}, naming {@code name}. */
    static void wholeNumber(String name, String value, int minimum) {
        try {
            if (Integer.parseInt(value.trim()) >= minimum) return;
        } catch (NumberFormatException notANumber) {
            // falls through to the error below
        }
        throw new LlmbenchException(name + " takes whole numbers >= " + minimum + ", not '" + value + "'");
    }

    /** The quantization {@code value} names, if the engine runs it (the engine's message otherwise). */
    public static Quantization quantization(String value) {
        Quantization q = Quantization.parse(value);
        Numerics.of(Precision.FLOAT16, q).requireImplemented();
        return q;
    }

    /** The check of a true/false parameter ({@code cudaGraph}, the encoder's too). */
    static void bool(String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new LlmbenchException("cudaGraph takes true or false, not '" + value + "'");
        }
    }
}
