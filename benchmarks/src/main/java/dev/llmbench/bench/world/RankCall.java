package dev.llmbench.bench.world;

/** The benchmark calls rank 0 makes on every process of a run in step: the CALL message's "call" field. */
enum RankCall {
    GENERATE, CONTEXT_PHASE, GENERATION_STEP, BREAKDOWN;

    /** The CALL field naming the call, and the one carrying a generation step's index. */
    static final String FIELD = "call", STEP = "step";
}
