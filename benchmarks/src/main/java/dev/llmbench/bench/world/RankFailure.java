package dev.llmbench.bench.world;

import dev.llmbench.LlmbenchException;

/** A rank that failed, ended or stopped answering: the run ends on every rank, and this names the rank. */
public final class RankFailure extends LlmbenchException {
    private final int rank;

    public RankFailure(int rank, String message) {
        super("rank " + rank + " " + message);
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }
}
