package dev.llmbench.bench.params;

import dev.llmbench.LlmbenchException;
import dev.llmbench.families.ModelRegistry;
import dev.llmbench.model.Mode;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Precision;

import java.util.function.Consumer;

/**
 * The parameters of the encoder benchmark, as {@link DecoderParam} is the decoder's: the one place that names
 * them, holds their defaults (read by {@code EncoderBenchmark}'s {@code @Param} annotations) and checks one value.
 * Model, mode, precision, batch size and cudaGraph share their names with the decoder's, so one {@code -p} sets both.
 */
public enum EncoderParam {
    MODEL("model", EncoderParam::encoder),
    MODE("mode", Mode::parse),
    PRECISION("precision", Precision::parse),
    BATCH_SIZE("batchSize", value -> DecoderParam.wholeNumber("batchSize", value, 1)),
    INPUT_LEN("inputLen", value -> DecoderParam.wholeNumber("inputLen", value, 1)),
    CUDA_GRAPH("cudaGraph", DecoderParam::bool);

    /** The defaults, as constants so that {@code @Param} annotations can carry them. */
    public static final class Defaults {
        public static final String MODEL = "bert_base";
        public static final String MODE = DecoderParam.Defaults.MODE;
        public static final String PRECISION = DecoderParam.Defaults.PRECISION;
        public static final String BATCH_SIZE = DecoderParam.Defaults.BATCH_SIZE;
        public static final String INPUT_LEN = "128";
        public static final String CUDA_GRAPH = DecoderParam.Defaults.CUDA_GRAPH;

        private Defaults() {
        }
    }

    /** The {@code @Param} field's name, as {@code -p} and JMH's results spell it. */
    public final String id;
    private final Consumer<String> check;

    EncoderParam(String id, Consumer<String> check) {
        this.id = id;
        this.check = check;
    }

    /** Throws the engine's own message when {@code value} can never run, naming the parameter. */
    public void check(String value) {
        DecoderParam.checked(id, value, check);
    }

    /** A registry encoder the engine runs. */
    public static ModelConfig encoder(String name) {
        ModelConfig c = ModelRegistry.requireSupported(name);
        if (!c.arch().encoder()) throw new LlmbenchException(name + " is a decoder, not an encoder");
        return c;
    }
}
