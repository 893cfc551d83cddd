package dev.llmbench.bench.report;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.results.JmhMetric;
import dev.llmbench.bench.results.JmhResult;
import dev.llmbench.bench.results.TimeUnits;
import dev.llmbench.families.ModelRegistry;
import dev.llmbench.model.ModelConfig;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the decoder and encoder rows share: the fields of TensorRT-LLM's report that both print, in its order,
 * and how a value is read from JMH's results and formatted ({@code n/a} when it cannot be computed).
 */
final class ReportFields {
    static final String NA = "n/a";
    /** The benchmark class of a peer's results: peer.hf_static.generate is peer hf_static's generate. */
    static final String PEER_PREFIX = "peer.";
    /** SampleTime is the only mode whose percentiles are over single calls. */
    static final String SAMPLE_MODE = "sample";

    private ReportFields() {
    }

    /**
     * The fields from model_name to quantization. {@code timed} is the result whose samples are single calls
     * (generate, encode), or null; {@code all} the results that may carry the secondary metrics, first first.
     */
    static void shared(List<ReportRow.Field> fields, String model, String worldSize, String numKvHeads, String precision,
                       String quantization, double batch, double input, String output, String tokensPerSec, double latency,
                       JmhResult timed, List<JmhResult> all) {
        Optional<ModelConfig> config = registered(model);
        add(fields, "model_name", model);
        add(fields, "world_size", worldSize);
        add(fields, "num_heads", config.map(c -> String.valueOf(c.numHeads())).orElse(NA));
        add(fields, "num_kv_heads", numKvHeads);
        add(fields, "num_layers", config.map(c -> String.valueOf(c.numLayers())).orElse(NA));
        add(fields, "hidden_size", config.map(c -> String.valueOf(c.hiddenSize())).orElse(NA));
        add(fields, "vocab_size", config.map(c -> String.valueOf(c.vocabSize())).orElse(NA));
        add(fields, "precision", precision);
        add(fields, "batch_size", integer(batch));
        add(fields, "gpu_weights_percent", "1.0");
        add(fields, "input_length", integer(input));
        add(fields, "output_length", output);
        add(fields, "gpu_peak_mem(gb)", decimals(secondary(all, "gpu_peak_mem_gb").orElse(Double.NaN), 3));
        add(fields, "build_time(s)", decimals(secondary(all, "build_time_s").orElse(Double.NaN), 2));
        add(fields, "tokens_per_sec", tokensPerSec);
        add(fields, "percentile95(ms)", decimals(samplePercentile(timed, 95.0), 3));
        add(fields, "percentile99(ms)", decimals(samplePercentile(timed, 99.0), 3));
        add(fields, "latency(ms)", decimals(latency, 3));
        add(fields, "compute_cap", computeCapability(secondary(all, "compute_cap")));
        // the run's own parameter; results without it (encoders, older runs) carry the registry row's
        add(fields, "quantization", quantization != null ? quantization
                : config.flatMap(c -> ModelRegistry.quantization(model)).orElse("none"));
    }

    /** Of two results of one method (-bm all), the SampleTime one: it has the per-call percentiles. */
    static JmhResult preferSampleMode(JmhResult kept, JmhResult other) {
        return !kept.mode().equals(SAMPLE_MODE) && other.mode().equals(SAMPLE_MODE) ? other : kept;
    }

    /** The last field of a peer's row: {@code peer NAME}; nothing for our own results. */
    static void peer(List<ReportRow.Field> fields, JmhResult any) {
        if (any.benchmarkClass().startsWith(PEER_PREFIX)) {
            add(fields, "peer", any.benchmarkClass().substring(PEER_PREFIX.length()));
        }
    }

    static void add(List<ReportRow.Field> fields, String key, String value) {
        fields.add(new ReportRow.Field(key, value));
    }

    /** Model names that are not in the registry (a loaded checkpoint) print n/a for the architecture. */
    static Optional<ModelConfig> registered(String model) {
        try {
            return Optional.of(ModelRegistry.get(model));
        } catch (LlmbenchException unknown) {
            return Optional.empty();
        }
    }

    /** The first of the results that carries the secondary metric. */
    static OptionalDouble secondary(List<JmhResult> results, String label) {
        for (JmhResult result : results) {
            Optional<JmhMetric> metric = result.secondary(label);
            if (metric.isPresent()) {
                return OptionalDouble.of(metric.get().score());
            }
        }
        return OptionalDouble.empty();
    }

    /** The result's score in ms per call, NaN for no result. */
    static double methodMillis(JmhResult result) {
        return result == null ? Double.NaN : millis(result.primary(), result.primary().score());
    }

    static double samplePercentile(JmhResult timed, double percent) {
        if (timed == null || !timed.mode().equals(SAMPLE_MODE)) {
            return Double.NaN;
        }
        OptionalDouble value = timed.primary().percentile(percent);
        return value.isPresent() ? millis(timed.primary(), value.getAsDouble()) : Double.NaN;
    }

    static double millis(JmhMetric metric, double value) {
        return TimeUnits.toMillisPerOp(value, metric.unit());
    }

    /** The benchmark reports major × 10 + minor as a number (90.0); TensorRT-LLM prints sm90. */
    static String computeCapability(OptionalDouble value) {
        return value.isPresent() && Double.isFinite(value.getAsDouble())
                ? "sm" + Math.round(value.getAsDouble()) : NA;
    }

    static double number(Optional<String> value) {
        try {
            return value.map(v -> (double) Integer.parseInt(v.trim())).orElse(Double.NaN);
        } catch (NumberFormatException notANumber) {
            return Double.NaN;
        }
    }

    static String integer(double value) {
        return Double.isFinite(value) ? String.valueOf(Math.round(value)) : NA;
    }

    static String decimals(double value, int places) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + places + "f", value) : NA;
    }
}
