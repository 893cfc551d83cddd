package dev.llmbench.bench.cli;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.params.DecoderParam;
import dev.llmbench.bench.params.EncoderParam;
import dev.llmbench.bench.params.InputOutputLen;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.families.ModelRegistry;
import dev.llmbench.model.Mode;
import dev.llmbench.model.Precision;
import dev.llmbench.model.Shard;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Translates TensorRT-LLM style flags ({@code -m gpt_350m --batch_size "1;8" --input_output_len
 * "60,20;128,20"}) into a JMH run of {@code DecoderBenchmark.generate}, or for an encoder ({@code -m bert_base
 * --batch_size "1;8" --input_len "128;512"}) of {@code EncoderBenchmark.encode}. JMH's own options may stand
 * beside them ({@code -prof}, {@code -rf json}, {@code -f} ...) and are kept; where both set the same
 * thing, the TensorRT-LLM flag wins. A pure function: no I/O, no JMH run.
 */
public final class TrtFlags {

    /** Anchored, so that no other benchmark whose name contains this one runs too. */
    static final String DECODER_GENERATE = "^dev\\.llmbench\\.bench\\.DecoderBenchmark\\.generate$";
    static final String ENCODER_ENCODE = "^dev\\.llmbench\\.bench\\.EncoderBenchmark\\.encode$";
    /** The flags a decoder's run takes and an encoder's refuses (--input_len, the other way round, in {@link #options}). */
    private static final Set<TrtFlag> DECODER_ONLY = EnumSet.of(TrtFlag.INPUT_OUTPUT_LEN, TrtFlag.MAX_BATCH_SIZE,
            TrtFlag.MAX_INPUT_LEN, TrtFlag.MAX_SEQ_LEN, TrtFlag.QUANTIZATION, TrtFlag.WORLD_SIZE);

    /**
     * The translated run.
     *
     * @param jmh     JMH's parse of the arguments that are not ours (for -h, -l and friends)
     * @param options the run: JMH's options overlaid with the translated flags
     * @param csv     whether the report is CSV rather than {@code [BENCHMARK]} lines
     * @param skipped  {@code [WARNING]} lines for batch sizes and length pairs beyond the model's limits,
     *                 left out of the run as the TensorRT-LLM suite skips them
     */
    public record Translation(CommandLineOptions jmh, Options options, boolean csv, List<String> skipped) {
    }

    private TrtFlags() {
    }

    /** Empty when the arguments hold no TensorRT-LLM flag: then they are JMH's alone. */
    public static Optional<Translation> translate(List<String> args) {
        Map<TrtFlag, String> flags = new EnumMap<>(TrtFlag.class);
        List<String> jmhArgs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int equals = arg.startsWith("--") ? arg.indexOf('=') : -1;
            String name = equals < 0 ? arg : arg.substring(0, equals);
            if (TrtFlag.UNSUPPORTED.contains(name)) {
                throw new LlmbenchException("flag " + name + " is not supported yet");
            }
            Optional<TrtFlag> flag = TrtFlag.named(name);
            if (flag.isEmpty()) {
                jmhArgs.add(arg);
                continue;
            }
            String value;
            if (!flag.get().takesValue()) {
                if (equals >= 0) {
                    throw new LlmbenchException("flag " + name + " takes no value");
                }
                value = "";
            } else if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new LlmbenchException("flag " + name + " needs a value: " + flag.get().synopsis());
            }
            if (flags.put(flag.get(), value) != null) {
                throw new LlmbenchException("flag " + flag.get().name + " is given twice");
            }
        }
        if (flags.isEmpty()) {
            return Optional.empty();
        }
        CommandLineOptions jmh = jmhOptions(jmhArgs);
        if (!jmh.getIncludes().isEmpty()) {
            throw new LlmbenchException("TensorRT-LLM style flags run DecoderBenchmark.generate or EncoderBenchmark.encode, "
                    + "as the model is; drop the benchmark pattern " + String.join(" ", jmh.getIncludes()));
        }
        List<String> skipped = new ArrayList<>();
        Options options = options(jmh, flags, skipped);
        return Optional.of(new Translation(jmh, options, flags.containsKey(TrtFlag.CSV), List.copyOf(skipped)));
    }

    /**
     * The run of the model's benchmark: DecoderBenchmark.generate for a decoder, EncoderBenchmark.encode for an
     * encoder. The two share the names of model, mode, precision and batch size (EncoderParamTest holds them
     * equal), so those are set once by DecoderParam's ids; each kind refuses the other's length flags.
     */
    private static Options options(CommandLineOptions jmh, Map<TrtFlag, String> flags, List<String> skipped) {
        String model = flags.getOrDefault(TrtFlag.MODEL, DecoderParam.Defaults.MODEL);
        ModelConfig config = ModelRegistry.requireSupported(model);
        boolean encoder = config.arch().encoder();
        if (!encoder && flags.containsKey(TrtFlag.INPUT_LEN)) {
            throw new LlmbenchException("--input_len is an encoder's flag; " + model
                    + " is a decoder: give --input_output_len \"IN,OUT;IN,OUT\"");
        }
        for (TrtFlag flag : encoder ? DECODER_ONLY : Set.<TrtFlag>of()) {
            if (flags.containsKey(flag)) {
                throw new LlmbenchException(flag.name + " is a decoder's flag; " + model + " is an encoder"
                        + (flag == TrtFlag.INPUT_OUTPUT_LEN ? ": give --input_len \"IN;IN\"" : ""));
            }
        }
        Limits limits = Limits.of(config, flags);
        ChainedOptionsBuilder builder = new OptionsBuilder().parent(jmh).include(encoder ? ENCODER_ENCODE : DECODER_GENERATE);
        for (Map.Entry<TrtFlag, String> entry : flags.entrySet()) {
            String value = entry.getValue();
            switch (entry.getKey()) {
                case MODEL -> builder.param(DecoderParam.MODEL.id, config.name());
                case MODE -> builder.param(DecoderParam.MODE.id, Mode.parse(value).id);
                case DTYPE -> builder.param(DecoderParam.PRECISION.id, Precision.parse(value).id());
                case QUANTIZATION -> builder.param(DecoderParam.QUANTIZATION.id, DecoderParam.quantization(value).id);
                case WORLD_SIZE -> {
                    int size = integer(TrtFlag.WORLD_SIZE, value, 1);
                    new Shard(0, size).requireSplittable(config); // heads and MLP over the ranks, before any GPU work
                    builder.param(DecoderParam.WORLD_SIZE.id, String.valueOf(size));
                }
                case BATCH_SIZE -> builder.param(DecoderParam.BATCH_SIZE.id, limits.batchSizes(batchSizes(value), skipped));
                case INPUT_OUTPUT_LEN -> builder.param(DecoderParam.INPUT_OUTPUT_LEN.id, limits.pairs(inputOutputLengths(value), skipped));
                case INPUT_LEN -> builder.param(EncoderParam.INPUT_LEN.id, limits.inputLengths(inputLengths(value), skipped));
                case WARM_UP -> builder.warmupIterations(integer(TrtFlag.WARM_UP, value, 0));
                case NUM_RUNS -> builder.measurementIterations(integer(TrtFlag.NUM_RUNS, value, 1));
                case DURATION -> builder.measurementTime(TimeValue.seconds(integer(TrtFlag.DURATION, value, 1)));
                case MAX_BATCH_SIZE -> builder.param(DecoderParam.MAX_BATCH_SIZE.id, String.valueOf(integer(entry.getKey(), value, 1)));
                case MAX_INPUT_LEN -> builder.param(DecoderParam.MAX_INPUT_LEN.id, String.valueOf(integer(entry.getKey(), value, 1)));
                case MAX_SEQ_LEN -> builder.param(DecoderParam.MAX_SEQ_LEN.id, String.valueOf(integer(entry.getKey(), value, 1)));
                case CSV, ENABLE_CUDA_GRAPH -> {
                    // CSV shapes the report, not the run; CUDA graphs are always on (see TrtFlag).
                }
            }
        }
        return builder.build();
    }

    /**
     * The model's benchmark limits, overridden by --max_* flags: a batch size beyond max batch, or a pair
     * beyond the model's lengths, is left out with a {@code [WARNING]} line. Batch and lengths are separate
     * JMH parameters (a cross product), and each limit concerns only one of them. The limits themselves are
     * the engine's ({@link ModelConfig#batchBeyondLimits}, {@link ModelConfig#lengthsBeyondLimits}).
     */
    private record Limits(ModelConfig config) {

        static Limits of(ModelConfig registered, Map<TrtFlag, String> flags) {
            return new Limits(registered.withLimits(limit(flags, TrtFlag.MAX_BATCH_SIZE), limit(flags, TrtFlag.MAX_INPUT_LEN),
                    limit(flags, TrtFlag.MAX_SEQ_LEN)));
        }

        /** The flag's value, or 0 (the registry's limit) when it is not given. */
        private static int limit(Map<TrtFlag, String> flags, TrtFlag flag) {
            return flags.containsKey(flag) ? integer(flag, flags.get(flag), 1) : 0;
        }

        String[] batchSizes(String[] sizes, List<String> skipped) {
            List<String> kept = new ArrayList<>();
            for (String b : sizes) {
                Optional<String> problem = config.batchBeyondLimits(Integer.parseInt(b));
                if (problem.isPresent()) {
                    skipped.add("[WARNING] skipping batch_size " + b + ": " + problem.get());
                } else {
                    kept.add(b);
                }
            }
            return nonEmpty(kept, "batch size");
        }

        String[] inputLengths(String[] lengths, List<String> skipped) {
            List<String> kept = new ArrayList<>();
            for (String in : lengths) {
                Optional<String> problem = config.lengthsBeyondLimits(Integer.parseInt(in), 0);
                if (problem.isPresent()) {
                    skipped.add("[WARNING] skipping input_len " + in + ": " + problem.get());
                } else {
                    kept.add(in);
                }
            }
            return nonEmpty(kept, "input length");
        }

        String[] pairs(String[] pairs, List<String> skipped) {
            List<String> kept = new ArrayList<>();
            for (String pair : pairs) {
                InputOutputLen io = InputOutputLen.require(pair);
                Optional<String> problem = config.lengthsBeyondLimits(io.input(), io.output());
                if (problem.isPresent()) {
                    skipped.add("[WARNING] skipping input_output_len " + io.input() + "," + io.output() + ": " + problem.get());
                } else {
                    kept.add(pair);
                }
            }
            return nonEmpty(kept, "input_output_len pair");
        }

        private String[] nonEmpty(List<String> kept, String what) {
            if (kept.isEmpty()) {
                throw new LlmbenchException("every " + what + " exceeds the limits of " + config.name() + ": nothing to run");
            }
            return kept.toArray(String[]::new);
        }
    }

    private static CommandLineOptions jmhOptions(List<String> jmhArgs) {
        try {
            return new CommandLineOptions(jmhArgs.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            throw new LlmbenchException("bad JMH option: " + e.getMessage(), e);
        }
    }

    /** {@code "1;8;64"}: batch sizes separated by semicolons. */
    private static String[] batchSizes(String value) {
        return split(value).stream()
                .map(b -> String.valueOf(integer(TrtFlag.BATCH_SIZE, b, 1)))
                .toArray(String[]::new);
    }

    /** {@code "128;512"}: input lengths separated by semicolons. */
    private static String[] inputLengths(String value) {
        return split(value).stream()
                .map(in -> String.valueOf(integer(TrtFlag.INPUT_LEN, in, 1)))
                .toArray(String[]::new);
    }

    /** {@code "60,20;128,20"} becomes {@code 60:20} and {@code 128:20}: JMH splits -p values on commas. */
    private static String[] inputOutputLengths(String value) {
        List<String> pairs = new ArrayList<>();
        for (String pair : split(value)) {
            String[] lengths = pair.split(",", -1);
            if (lengths.length != 2) {
                throw new LlmbenchException("--input_output_len takes IN,OUT pairs separated by ';', not '" + pair + "'");
            }
            pairs.add(new InputOutputLen(integer(TrtFlag.INPUT_OUTPUT_LEN, lengths[0], 1),
                    integer(TrtFlag.INPUT_OUTPUT_LEN, lengths[1], 1)).spelled());
        }
        return pairs.toArray(String[]::new);
    }

    private static List<String> split(String list) {
        return Arrays.stream(list.split(";", -1)).map(String::trim).toList();
    }

    private static int integer(TrtFlag flag, String value, int minimum) {
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= minimum) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the error below
        }
        throw new LlmbenchException(flag.name + " takes whole numbers >= " + minimum + ", not '" + value + "'");
    }
}
