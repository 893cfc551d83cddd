package dev.llmbench.bench.report;

import dev.llmbench.bench.params.EncoderParam;
import dev.llmbench.bench.results.JmhResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.llmbench.bench.report.ReportFields.NA;
import static dev.llmbench.bench.report.ReportFields.add;
import static dev.llmbench.bench.report.ReportFields.decimals;
import static dev.llmbench.bench.report.ReportFields.millis;
import static dev.llmbench.bench.report.ReportFields.number;
import static dev.llmbench.bench.report.ReportFields.registered;

/**
 * The {@code [BENCHMARK]} rows of encoder results ({@code EncoderBenchmark.encode}, and a peer's
 * {@code peer.<name>.encode}): TensorRT-LLM's fields as its BERT benchmark prints them ({@code num_kv_heads} =
 * {@code num_heads}, {@code output_length n/a}, {@code tokens_per_sec n/a}), then ours: {@code sequences_per_sec}
 * (batch / latency) and {@code mode}.
 */
public final class EncoderReport {
    static final String ENCODE = "encode";

    private EncoderReport() {
    }

    /** One row per combination of {@code @Param} values, in the results' order. Other methods are ignored. */
    public static List<ReportRow> rows(List<JmhResult> results) {
        Map<String, JmhResult> byCombination = new LinkedHashMap<>();
        results.stream().filter(r -> r.method().equals(ENCODE))
                .forEach(r -> byCombination.merge(r.benchmarkClass() + r.params(), r, ReportFields::preferSampleMode));
        return byCombination.values().stream().map(EncoderReport::row).toList();
    }

    private static ReportRow row(JmhResult encode) {
        String model = encode.param(EncoderParam.MODEL.id).orElse(NA);
        double batch = number(encode.param(EncoderParam.BATCH_SIZE.id));
        double input = number(encode.param(EncoderParam.INPUT_LEN.id));
        double latency = millis(encode.primary(), encode.primary().score());
        List<ReportRow.Field> fields = new ArrayList<>();
        String kvHeads = registered(model).map(c -> String.valueOf(c.numHeads())).orElse(NA);
        ReportFields.shared(fields, model, "1", kvHeads, encode.param(EncoderParam.PRECISION.id).orElse(NA), null, batch, input, NA,
                NA,
                latency, encode, List.of(encode));
        add(fields, "sequences_per_sec", decimals(batch / (latency / 1000), 2));
        add(fields, "mode", encode.param(EncoderParam.MODE.id).orElse(NA));
        ReportFields.peer(fields, encode);
        return new ReportRow(fields);
    }
}
