package dev.llmbench.bench.jmh;

/**
 * The bandwidths nccl-tests reports for an all-reduce (its PERFORMANCE.md): the algorithm bandwidth is the
 * message's bytes over the time; the bus bandwidth scales it by 2 (n - 1) / n, the share of the data each rank
 * must send and receive in any all-reduce, so that it compares with the links' speed whatever the rank count
 * (0 for a single rank, which moves nothing).
 */
public final class BusBandwidth {
    private BusBandwidth() {
    }

    /** GB/s (10^9 bytes a second) of {@code bytes} moved in {@code millis}. */
    public static double algorithmGbps(long bytes, double millis) {
        return bytes / (millis * 1e-3) / 1e9;
    }

    /** The all-reduce's bus bandwidth over {@code ranks} ranks from its algorithm bandwidth. */
    public static double allReduceBusGbps(double algorithmGbps, int ranks) {
        return algorithmGbps * 2.0 * (ranks - 1) / ranks;
    }
}
