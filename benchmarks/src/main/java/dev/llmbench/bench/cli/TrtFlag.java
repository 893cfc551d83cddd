package dev.llmbench.bench.cli;

import dev.llmbench.bench.params.DecoderParam.Defaults;
import dev.llmbench.model.Mode;
import dev.llmbench.model.Precision;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The flags of TensorRT-LLM's {@code benchmarks/python/benchmark.py} that we accept, with their help.
 * Their values are checked and turned into JMH options by {@link TrtFlags}.
 */
enum TrtFlag {
    MODEL("--model", "-m", "NAME", "a model of the registry (default " + Defaults.MODEL + ")"),
    MODE("--mode", null, "MODE", Mode.choices() + " (default " + Defaults.MODE + ")"),
    BATCH_SIZE("--batch_size", null, "\"B;B\"", "batch sizes, e.g. \"1;8;64\""),
    INPUT_OUTPUT_LEN("--input_output_len", null, "\"IN,OUT;IN,OUT\"", "a decoder's input and output lengths, e.g. \"60,20;128,20\""),
    INPUT_LEN("--input_len", null, "\"IN;IN\"", "an encoder's input lengths, e.g. \"128;512\""),
    DTYPE("--dtype", null, "DTYPE", Precision.choices() + " (default " + Defaults.PRECISION + ")"),
    WORLD_SIZE("--world_size", null, "N", "GPUs to split a decoder over (tensor parallelism; under mpirun, of every process)"),
    QUANTIZATION("--quantization", null, "Q", "a decoder's weight quantization: none or int8_weight_only (default "
            + Defaults.QUANTIZATION + "; the other TensorRT-LLM values are refused by name)"),
    WARM_UP("--warm_up", null, "N", "warmup iterations"),
    NUM_RUNS("--num_runs", null, "N", "measurement iterations"),
    DURATION("--duration", null, "S", "seconds per measurement iteration"),
    MAX_BATCH_SIZE("--max_batch_size", null, "N", "override the model's max batch size"),
    MAX_INPUT_LEN("--max_input_len", null, "N", "override the model's max input length"),
    MAX_SEQ_LEN("--max_seq_len", null, "N", "override the model's max input + output length"),
    CSV("--csv", null, null, "print CSV instead of [BENCHMARK] lines"),
    // Our engine always captures the generation step once and replays it as a CUDA graph, so the
    // flag that turns graphs on in TensorRT-LLM is accepted and changes nothing.
    ENABLE_CUDA_GRAPH("--enable_cuda_graph", null, null, "accepted for compatibility: generation steps and encoder passes replay a CUDA graph by default");

    /** TensorRT-LLM flags we know but do not implement: rejected by name rather than passed to JMH. */
    static final Set<String> UNSUPPORTED = Set.of(
            "--num_beams", "--top_k", "--top_p", "--gpu_weights_percent",
            "--strongly_typed", "--refit", "--log_level", "--output_dir", "--engine_dir",
            "--n_positions", "--max_output_len", "--force_num_layer_1", "--enable_fp8", "--fp8_kv_cache",
            "--enable_custom_all_reduce", "--profiling_verbosity", "--build_only", "--serial_build",
            "--dump_profile", "--dump_layer_info", "--opt_batch_size", "--opt_num_tokens",
            "--multiple_profiles", "--monitor_memory", "--check_accuracy", "--accuracy_threshold",
            "--enable_debug_output", "--kv_dtype");

    final String name;
    final String alias;
    /** Null for a switch. */
    final String valueName;
    final String help;

    TrtFlag(String name, String alias, String valueName, String help) {
        this.name = name;
        this.alias = alias;
        this.valueName = valueName;
        this.help = help;
    }

    boolean takesValue() {
        return valueName != null;
    }

    static Optional<TrtFlag> named(String name) {
        return Arrays.stream(values()).filter(f -> f.name.equals(name) || name.equals(f.alias)).findFirst();
    }

    /** How the help shows it: {@code -m, --model NAME}. */
    String synopsis() {
        return (alias == null ? "" : alias + ", ") + name + (takesValue() ? " " + valueName : "");
    }
}
