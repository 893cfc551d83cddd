package dev.llmbench.bench.report;

import dev.llmbench.bench.results.JmhResult;

import java.util.ArrayList;
import java.util.List;

/** Every report row of a run or a results file: the decoders' (generate) first, then the encoders' (encode). */
public final class Reports {
    private Reports() {
    }

    public static List<ReportRow> rows(List<JmhResult> results) {
        List<ReportRow> rows = new ArrayList<>(DecoderReport.rows(results));
        rows.addAll(EncoderReport.rows(results));
        return rows;
    }
}
