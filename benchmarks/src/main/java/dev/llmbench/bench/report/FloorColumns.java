package dev.llmbench.bench.report;

import dev.llmbench.LlmbenchException;
import dev.llmbench.families.ModelRegistry;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Precision;
import dev.llmbench.model.Quantization;
import dev.llmbench.runtime.Floor;
import dev.llmbench.runtime.Numerics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code report --ceilings COPY_GBPS,GEMM_TFLOPS}: each row gains {@code floor(ms)}, the physical floor of
 * its generate (an encoder's row: its forward pass) on a GPU with those ceilings ({@link Floor}), and
 * {@code floor_multiple}, its latency over that floor; a decoder's row also the floors of its phases,
 * {@code ttft_floor(ms)} (the context phase) and {@code tpot_floor(ms)} (a generation step), and
 * {@code tpot_floor_multiple}, its time per output token over the step's floor. The ceilings must be the same
 * GPU's, measured in the same sitting (tools/peers/ceilings.py prints them); a row whose model is not in the
 * registry, and an encoder's row for the phase columns, gets n/a.
 */
final class FloorColumns {
    static final String OPTION = "--ceilings";
    private static final String NA = "n/a";

    private FloorColumns() {
    }

    /** {@code "4140,745"}: copy GB/s and GEMM TFLOP/s. */
    static Floor.Ceilings parse(String value) {
        String[] parts = value.split(",", -1);
        try {
            if (parts.length == 2) {
                return new Floor.Ceilings(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
            }
        } catch (IllegalArgumentException notTwoPositiveNumbers) {
            // falls through to the error below
        }
        throw new LlmbenchException(OPTION + " takes COPY_GBPS,GEMM_TFLOPS, two positive numbers such as 4140,745, not '"
                + value + "'");
    }

    static List<ReportRow> add(List<ReportRow> rows, Floor.Ceilings ceilings) {
        return rows.stream().map(row -> add(row, ceilings)).toList();
    }

    private static ReportRow add(ReportRow row, Floor.Ceilings ceilings) {
        String floor = NA, multiple = NA, ttftFloor = NA, tpotFloor = NA, tpotMultiple = NA;
        try {
            ModelConfig c = ModelRegistry.get(row.value("model_name"));
            Precision precision = Precision.parse(row.value("precision"));
            int batch = Integer.parseInt(row.value("batch_size"));
            int input = Integer.parseInt(row.value("input_length"));
            // the bytes a step reads are the row's quantization's (int8 codes and scales, ...)
            Numerics numerics = Numerics.of(precision, Quantization.parse(row.value("quantization")));
            if (c.arch().encoder()) {
                double ms = Floor.encoderMillis(c, precision, batch, input, ceilings);
                floor = String.format(Locale.ROOT, "%.3f", ms);
                multiple = String.format(Locale.ROOT, "%.2f", Double.parseDouble(row.value("latency(ms)")) / ms);
            } else {
                Floor.Generate phases = Floor.generate(c, numerics, batch, input, Integer.parseInt(row.value("output_length")),
                        ceilings);
                double latency = Double.parseDouble(row.value("latency(ms)")), tpot = Double.parseDouble(row.value("tpot(ms)"));
                floor = String.format(Locale.ROOT, "%.3f", phases.total());
                multiple = String.format(Locale.ROOT, "%.2f", latency / phases.total());
                ttftFloor = String.format(Locale.ROOT, "%.3f", phases.contextMillis());
                if (phases.steps() > 0) {
                    tpotFloor = String.format(Locale.ROOT, "%.3f", phases.meanStep());
                    tpotMultiple = String.format(Locale.ROOT, "%.2f", tpot / phases.meanStep());
                }
            }
        } catch (LlmbenchException | NumberFormatException notARegistryRun) {
            // a checkpoint's or a malformed row: no floor to claim
        }
        List<ReportRow.Field> fields = new ArrayList<>(row.fields());
        fields.add(new ReportRow.Field("floor(ms)", floor));
        fields.add(new ReportRow.Field("floor_multiple", multiple));
        fields.add(new ReportRow.Field("ttft_floor(ms)", ttftFloor));
        fields.add(new ReportRow.Field("tpot_floor(ms)", tpotFloor));
        fields.add(new ReportRow.Field("tpot_floor_multiple", tpotMultiple));
        return new ReportRow(fields);
    }
}
