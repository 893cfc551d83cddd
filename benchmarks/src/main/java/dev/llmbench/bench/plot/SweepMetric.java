package dev.llmbench.bench.plot;

/** The panels of the sweep picture, each a column of the {@code [BENCHMARK]} line, against batch size. */
public enum SweepMetric {
    LATENCY("latency", "latency (ms)"),
    TTFT("ttft", "ttft (ms)"),
    TPOT("tpot", "tpot (ms)"),
    TOKENS_PER_SEC("tokens_per_sec", "tokens/s");

    /** The panel's name in the SVG's groups. */
    public final String id;
    public final String axisLabel;

    SweepMetric(String id, String axisLabel) {
        this.id = id;
        this.axisLabel = axisLabel;
    }
}
