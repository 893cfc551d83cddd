package dev.llmbench.bench.world;

import dev.llmbench.bench.params.DecoderTrial;
import dev.llmbench.runtime.Decoder;
import dev.llmbench.runtime.EngineSpec;

import java.util.Arrays;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The GPU work of a process other than rank 0 in a run over several processes: each trial rank 0 sends is built
 * here ({@link DecoderTrial}: the same engine spec and the same prompts) as this process's part of the
 * tensor-parallel group, and each of rank 0's calls is made on it in step. A generate answers with a digest of its
 * tokens, which rank 0 holds to its own.
 */
public final class NodeRanks implements TrialProtocol.RankWork {
    private final BiFunction<EngineSpec, Map<String, String>, Decoder> build;
    private Decoder decoder;
    private int[][] prompts;

    /**
     * {@code build} makes this process's ranks of a trial's spec, given the trial's parameters (a
     * {@code TensorParallelEngine} over the group the parameters name).
     */
    public NodeRanks(BiFunction<EngineSpec, Map<String, String>, Decoder> build) {
        this.build = build;
    }

    @Override
    public void beginTrial(Map<String, String> params) {
        endTrial(); // a trial rank 0 abandoned
        DecoderTrial trial = DecoderTrial.of(params);
        decoder = build.apply(trial.spec(), params);
        prompts = trial.prompts();
    }

    @Override
    public String call(long n, Map<String, String> fields) {
        if (decoder == null) throw new IllegalStateException("call " + n + " outside a trial");
        return switch (RankCall.valueOf(fields.get(RankCall.FIELD))) {
            case GENERATE -> digest(decoder.generate(prompts).tokens());
            case CONTEXT_PHASE -> {
                decoder.contextPhase(prompts);
                yield "ok";
            }
            case GENERATION_STEP -> {
                decoder.generationStep(Integer.parseInt(fields.get(RankCall.STEP)));
                yield "ok";
            }
            case BREAKDOWN -> {
                decoder.breakdown(prompts);
                yield "ok";
            }
        };
    }

    @Override
    public void endTrial() {
        if (decoder != null) decoder.close();
        decoder = null;
    }

    /** What a generate answers: its tokens, digested. */
    static String digest(int[][] tokens) {
        return "tokens " + Arrays.deepHashCode(tokens);
    }
}
