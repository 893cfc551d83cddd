package dev.llmbench.runtime;

import dev.llmbench.cuda.DeviceInfo;

/**
 * A decoder built for one generation shape and ready to run it: the whole model on one GPU ({@link DecoderEngine}), or
 * its tensor-parallel ranks on several GPUs of this process ({@link TensorParallelEngine}). What the benchmarks and
 * commands drive; {@link #build} picks by the spec's world size.
 */
public interface Decoder extends AutoCloseable {
    /**
     * The decoder of {@code spec}: one engine when {@code spec.shard().size()} is 1, else one rank per GPU (devices
     * 0 … size-1) joined by NCCL. Bad shapes, world sizes and memory fail with one clear message before any allocation.
     */
    static Decoder build(EngineSpec spec) {
        return spec.shard().size() == 1 ? DecoderEngine.build(spec) : TensorParallelEngine.build(spec);
    }

    /** Greedy generation of outputLen tokens for each prompt (batch × inputLen ids). */
    GenerateResult generate(int[][] prompts);

    /** The context phase alone (prompts uploaded, token 1 produced), synchronised: time to first token. */
    void contextPhase(int[][] prompts);

    /** One generation step at step index {@code step} (1 ≤ step < outputLen), synchronised: time per output token. */
    void generationStep(int step);

    /** Where the time of one generate goes, op family by op family (rank 0's on several GPUs). */
    Breakdown breakdown(int[][] prompts);

    /** Nodes of (rank 0's) generation-step CUDA graph, or -1 without a graph. */
    long stepGraphNodes();

    /** Logits (batch × vocab, as fp32) of the last context phase or step. */
    float[] logits();

    EngineSpec spec();

    /** The GPU (rank 0's). */
    DeviceInfo device();

    /** The memory plan (of one rank on several GPUs: every rank's is the same size). */
    MemoryPlan memoryPlan();

    double buildSeconds();

    /** Peak device memory held by llmbench on any one GPU, bytes. */
    long peakDeviceBytes();

    /**
     * Ends the collectives in flight at once, from any thread, when another process of a tensor-parallel group has
     * failed; the decoder then refuses further calls. Nothing to do on one GPU.
     */
    default void abort() {
    }

    /** Gives back every GPU resource. */
    @Override
    void close();
}
