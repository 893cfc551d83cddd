package dev.llmbench.bench.report;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.params.DecoderParam;
import dev.llmbench.bench.params.InputOutputLen;
import dev.llmbench.bench.results.JmhMetric;
import dev.llmbench.bench.results.JmhResult;
import dev.llmbench.bench.results.TimeUnits;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.families.ModelRegistry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds the {@code [BENCHMARK]} rows of decoder results: one row per combination of {@code @Param}
 * values, with TensorRT-LLM v0.11's GPT fields in their order and then ours (see docs/design.md, Metrics).
 *
 * <p>The {@code generate} result gives the latency and its percentiles and carries the secondary
 * metrics; when a secondary is missing, the {@code contextPhase} score stands in for the time to
 * first token and {@code generationStep} × (output − 1) for the generation time. A value that cannot
 * be computed prints {@code n/a}.
 *
 * <p>Results of the PyTorch peers (tools/peers, benchmark {@code peer.<name>.generate}) get the same row
 * with one more field at the end, {@code peer <name>}; they have no {@code mode} parameter, so {@code mode}
 * prints {@code n/a}, and what they do not measure (build time, peak memory) prints {@code n/a} too.
 */
public final class DecoderReport {

    static final String GENERATE = "generate";
    static final String CONTEXT_PHASE = "contextPhase";
    static final String GENERATION_STEP = "generationStep";
    private static final Set<String> METHODS = Set.of(GENERATE, CONTEXT_PHASE, GENERATION_STEP);

    private static final String NA = "n/a";
    /** The benchmark class of a peer's results: peer.hf_static.generate is peer hf_static's generate. */
    private static final String PEER_PREFIX = "peer.";
    /** SampleTime is the only mode whose percentiles are over single generate calls. */
    private static final String SAMPLE_MODE = "sample";

    private DecoderReport() {
    }

    /**
     * Rows in the order of the {@code generate} results (JMH's run order, e.g. the order of
     * {@code --batch_size}), then combinations without one. Results of other methods are ignored.
     */
    public static List<ReportRow> rows(List<JmhResult> results) {
        Map<String, Map<String, JmhResult>> byCombination = new LinkedHashMap<>();
        // JMH sorts results by name, so contextPhase would come first and set the order: generate goes first.
        Stream.concat(results.stream().filter(r -> r.method().equals(GENERATE)),
                        results.stream().filter(r -> !r.method().equals(GENERATE) && METHODS.contains(r.method())))
                .forEach(result -> byCombination
                        .computeIfAbsent(result.benchmarkClass() + result.params(), k -> new LinkedHashMap<>())
                        .merge(result.method(), result, DecoderReport::preferSampleMode));
        return byCombination.values().stream().map(DecoderReport::row).toList();
    }

    /** With several modes of one method (-bm all), the SampleTime one has the per-call percentiles. */
    private static JmhResult preferSampleMode(JmhResult kept, JmhResult other) {
        return !kept.mode().equals(SAMPLE_MODE) && other.mode().equals(SAMPLE_MODE) ? other : kept;
    }

    private static ReportRow row(Map<String, JmhResult> byMethod) {
        JmhResult generate = byMethod.get(GENERATE);
        JmhResult any = byMethod.values().iterator().next();
        List<JmhResult> all = Stream.of(generate, byMethod.get(CONTEXT_PHASE), byMethod.get(GENERATION_STEP))
                .filter(Objects::nonNull).toList();

        String model = any.param(DecoderParam.MODEL.id).orElse(NA);
        Optional<ModelConfig> config = registered(model);
        double batch = number(any.param(DecoderParam.BATCH_SIZE.id));
        double[] inOut = inputOutput(any.param(DecoderParam.INPUT_OUTPUT_LEN.id));
        double input = inOut[0];
        double output = inOut[1];
        double steps = output - 1;

        double latency = generate == null ? Double.NaN : millis(generate.primary(), generate.primary().score());
        double generationTime = secondary(all, "generation_time_ms")
                .orElse(methodMillis(byMethod.get(GENERATION_STEP)) * steps);
        double ttft = secondary(all, "ttft_ms").orElse(methodMillis(byMethod.get(CONTEXT_PHASE)));
        double totalGenerated = steps * batch;

        List<ReportRow.Field> fields = new ArrayList<>();
        add(fields, "model_name", model);
        add(fields, "world_size", "1");
        add(fields, "num_heads", config.map(c -> String.valueOf(c.numHeads())).orElse(NA));
        add(fields, "num_kv_heads", config.map(c -> String.valueOf(c.numKvHeads())).orElse(NA));
        add(fields, "num_layers", config.map(c -> String.valueOf(c.numLayers())).orElse(NA));
        add(fields, "hidden_size", config.map(c -> String.valueOf(c.hiddenSize())).orElse(NA));
        add(fields, "vocab_size", config.map(c -> String.valueOf(c.vocabSize())).orElse(NA));
        add(fields, "precision", any.param(DecoderParam.PRECISION.id).orElse(NA));
        add(fields, "batch_size", integer(batch));
        add(fields, "gpu_weights_percent", "1.0");
        add(fields, "input_length", integer(input));
        add(fields, "output_length", integer(output));
        add(fields, "gpu_peak_mem(gb)", decimals(secondary(all, "gpu_peak_mem_gb").orElse(Double.NaN), 3));
        add(fields, "build_time(s)", decimals(secondary(all, "build_time_s").orElse(Double.NaN), 2));
        add(fields, "tokens_per_sec", decimals(batch * output / (latency / 1000), 2));
        add(fields, "percentile95(ms)", decimals(samplePercentile(generate, 95.0), 3));
        add(fields, "percentile99(ms)", decimals(samplePercentile(generate, 99.0), 3));
        add(fields, "latency(ms)", decimals(latency, 3));
        add(fields, "compute_cap", computeCapability(secondary(all, "compute_cap")));
        add(fields, "quantization", config.flatMap(c -> ModelRegistry.quantization(model)).orElse("none"));
        add(fields, "generation_time(ms)", decimals(generationTime, 3));
        add(fields, "total_generated_tokens", integer(totalGenerated));
        add(fields, "generation_tokens_per_second", decimals(totalGenerated / (generationTime / 1000), 3));
        add(fields, "ttft(ms)", decimals(ttft, 3));
        add(fields, "tpot(ms)", decimals(generationTime / steps, 3));
        add(fields, "mode", any.param(DecoderParam.MODE.id).orElse(NA));
        if (any.benchmarkClass().startsWith(PEER_PREFIX)) {
            add(fields, "peer", any.benchmarkClass().substring(PEER_PREFIX.length()));
        }
        return new ReportRow(fields);
    }

    private static void add(List<ReportRow.Field> fields, String key, String value) {
        fields.add(new ReportRow.Field(key, value));
    }

    /** Model names that are not in the registry (a loaded checkpoint) print n/a for the architecture. */
    private static Optional<ModelConfig> registered(String model) {
        try {
            return Optional.of(ModelRegistry.get(model));
        } catch (LlmbenchException unknown) {
            return Optional.empty();
        }
    }

    /** The first of the results (generate first) that carries the secondary metric. */
    private static OptionalDouble secondary(List<JmhResult> results, String label) {
        for (JmhResult result : results) {
            Optional<JmhMetric> metric = result.secondary(label);
            if (metric.isPresent()) {
                return OptionalDouble.of(metric.get().score());
            }
        }
        return OptionalDouble.empty();
    }

    private static double methodMillis(JmhResult result) {
        return result == null ? Double.NaN : millis(result.primary(), result.primary().score());
    }

    private static double samplePercentile(JmhResult generate, double percent) {
        if (generate == null || !generate.mode().equals(SAMPLE_MODE)) {
            return Double.NaN;
        }
        OptionalDouble value = generate.primary().percentile(percent);
        return value.isPresent() ? millis(generate.primary(), value.getAsDouble()) : Double.NaN;
    }

    private static double millis(JmhMetric metric, double value) {
        return TimeUnits.toMillisPerOp(value, metric.unit());
    }

    /** The benchmark reports major × 10 + minor as a number (90.0); TensorRT-LLM prints sm90. */
    private static String computeCapability(OptionalDouble value) {
        return value.isPresent() && Double.isFinite(value.getAsDouble())
                ? "sm" + Math.round(value.getAsDouble()) : NA;
    }

    /** {@code inputOutputLen} as numbers, NaN when the parameter is missing or not IN:OUT. */
    private static double[] inputOutput(Optional<String> value) {
        return value.flatMap(InputOutputLen::parse).map(io -> new double[] {io.input(), io.output()})
                .orElse(new double[] {Double.NaN, Double.NaN});
    }

    private static double number(Optional<String> value) {
        try {
            return value.map(v -> (double) Integer.parseInt(v.trim())).orElse(Double.NaN);
        } catch (NumberFormatException notANumber) {
            return Double.NaN;
        }
    }

    private static String integer(double value) {
        return Double.isFinite(value) ? String.valueOf(Math.round(value)) : NA;
    }

    private static String decimals(double value, int places) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + places + "f", value) : NA;
    }
}
