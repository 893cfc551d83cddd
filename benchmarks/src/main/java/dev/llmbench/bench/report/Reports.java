package dev.llmbench.bench.report;

import dev.llmbench.bench.results.JmhResult;
import dev.llmbench.runtime.Floor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** Every report row of a run or a results file: the decoders' (generate) first, then the encoders' (encode). */
public final class Reports {
    private Reports() {
    }

    public static List<ReportRow> rows(List<JmhResult> results) {
        List<ReportRow> rows = new ArrayList<>(DecoderReport.rows(results));
        rows.addAll(EncoderReport.rows(results));
        return rows;
    }

    /**
     * The rows with the floor columns ({@link FloorColumns}) against {@code given} ceilings, else against those the
     * run measured and its results carry ({@code ceiling_copy_gbps}, {@code ceiling_gemm_tflops}); without either,
     * the rows as they are.
     */
    public static List<ReportRow> rows(List<JmhResult> results, Optional<Floor.Ceilings> given) {
        List<ReportRow> rows = rows(results);
        return given.or(() -> measured(results)).map(c -> FloorColumns.add(rows, c)).orElse(rows);
    }

    /** The ceilings a run's results carry (every result of a run carries the same). */
    static Optional<Floor.Ceilings> measured(List<JmhResult> results) {
        OptionalDouble copy = ReportFields.secondary(results, "ceiling_copy_gbps");
        OptionalDouble gemm = ReportFields.secondary(results, "ceiling_gemm_tflops");
        if (copy.isEmpty() || gemm.isEmpty()) return Optional.empty();
        return Optional.of(new Floor.Ceilings(copy.getAsDouble(), gemm.getAsDouble()));
    }
}
