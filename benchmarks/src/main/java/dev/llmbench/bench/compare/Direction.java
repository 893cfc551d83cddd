package dev.llmbench.bench.compare;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Which way a metric improves. Metrics without a direction (clock, compute capability) are not compared. */
public enum Direction {
    LOWER_IS_BETTER, HIGHER_IS_BETTER;

    /** Label fragments of metrics where more is better: throughputs. Checked before the lower-is-better ones. */
    private static final List<String> HIGHER_MARKERS = List.of("tokens_per", "per_second", "per_sec", "throughput", "ops/");
    /** Label fragments of costs: times, energy, memory. */
    private static final List<String> LOWER_MARKERS =
            List.of("time", "latency", "ttft", "tpot", "energy", "mem", "_ms", "_s");

    /** A primary score's direction follows its mode: throughput grows, every time mode shrinks. */
    public static Optional<Direction> ofPrimary(String mode, String unit) {
        return switch (mode) {
            case "thrpt" -> Optional.of(HIGHER_IS_BETTER);
            case "avgt", "sample", "ss" -> Optional.of(LOWER_IS_BETTER);
            default -> unit.endsWith("/op") ? Optional.of(LOWER_IS_BETTER)
                    : unit.startsWith("ops/") ? Optional.of(HIGHER_IS_BETTER) : Optional.empty();
        };
    }

    /** A secondary metric's direction from its label ({@code ttft_ms}, {@code nvml_energy_per_token_j}, ...). */
    public static Optional<Direction> ofSecondary(String label) {
        String name = label.toLowerCase(Locale.ROOT);
        if (HIGHER_MARKERS.stream().anyMatch(name::contains)) {
            return Optional.of(HIGHER_IS_BETTER);
        }
        boolean cost = LOWER_MARKERS.stream().anyMatch(m -> m.startsWith("_") ? name.endsWith(m) : name.contains(m));
        return cost ? Optional.of(LOWER_IS_BETTER) : Optional.empty();
    }
}
