package dev.llmbench.bench.report;

import dev.llmbench.bench.params.DecoderParam;
import dev.llmbench.bench.params.InputOutputLen;
import dev.llmbench.bench.results.JmhResult;

import static dev.llmbench.bench.report.ReportFields.NA;
import static dev.llmbench.bench.report.ReportFields.add;
import static dev.llmbench.bench.report.ReportFields.decimals;
import static dev.llmbench.bench.report.ReportFields.integer;
import static dev.llmbench.bench.report.ReportFields.methodMillis;
import static dev.llmbench.bench.report.ReportFields.millis;
import static dev.llmbench.bench.report.ReportFields.number;
import static dev.llmbench.bench.report.ReportFields.registered;
import static dev.llmbench.bench.report.ReportFields.secondary;

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
                        .merge(result.method(), result, ReportFields::preferSampleMode));
        return byCombination.values().stream().map(DecoderReport::row).toList();
    }

    private static ReportRow row(Map<String, JmhResult> byMethod) {
        JmhResult generate = byMethod.get(GENERATE);
        JmhResult any = byMethod.values().iterator().next();
        List<JmhResult> all = Stream.of(generate, byMethod.get(CONTEXT_PHASE), byMethod.get(GENERATION_STEP))
                .filter(Objects::nonNull).toList();

        String model = any.param(DecoderParam.MODEL.id).orElse(NA);
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
        String kvHeads = registered(model).map(c -> String.valueOf(c.numKvHeads())).orElse(NA);
        // results from before the parameter existed ran on one GPU
        ReportFields.shared(fields, model, any.param(DecoderParam.WORLD_SIZE.id).orElse("1"), kvHeads,
                any.param(DecoderParam.PRECISION.id).orElse(NA),
                any.param(DecoderParam.QUANTIZATION.id).orElse(null), batch, input,
                integer(output), decimals(batch * output / (latency / 1000), 2), latency, generate, all);
        add(fields, "generation_time(ms)", decimals(generationTime, 3));
        add(fields, "total_generated_tokens", integer(totalGenerated));
        add(fields, "generation_tokens_per_second", decimals(totalGenerated / (generationTime / 1000), 3));
        add(fields, "ttft(ms)", decimals(ttft, 3));
        add(fields, "tpot(ms)", decimals(generationTime / steps, 3));
        add(fields, "mode", any.param(DecoderParam.MODE.id).orElse(NA));
        ReportFields.peer(fields, any);
        return new ReportRow(fields);
    }

    /** {@code inputOutputLen} as numbers, NaN when the parameter is missing or not IN:OUT. */
    private static double[] inputOutput(Optional<String> value) {
        return value.flatMap(InputOutputLen::parse).map(io -> new double[] {io.input(), io.output()})
                .orElse(new double[] {Double.NaN, Double.NaN});
    }
}
