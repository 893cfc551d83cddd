package dev.llmbench.runtime;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.Arena;
import dev.llmbench.cuda.Bytes;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Shard;
import dev.llmbench.weights.WeightLayout;
import dev.llmbench.weights.WeightShape;

/**
 * The device memory an engine needs, computed before anything is allocated, so a model that cannot fit
 * fails with what it needs and what is free instead of an allocation error half-way through the build.
 */
public record MemoryPlan(long weightBytes, long kvCacheBytes, long activationBytes, long workspaceBytes, int decodeSplits) {
    /** cuBLASLt scratch: what its Hopper kernels ask for at most. */
    public static final long CUBLASLT_WORKSPACE = 32L << 20;
    /**
     * What a rank over NCCL keeps free for NCCL's own buffers, which NCCL allocates outside our arena when the
     * communicator connects. The rings and trees hold a buffer per protocol (Simple's NCCL_BUFFSIZE, 4 MiB by default;
     * LL128's about as much; LL's less) for each of two peers on each channel, up to 32 channels on NVLink: about
     * 0.6 GiB. A GiB covers that; the multi-GPU runs (issue 14) are to measure what NCCL really takes.
     */
    public static final long NCCL_RESERVE = 1L << 30;

    public static MemoryPlan of(EngineSpec spec, int smCount) {
        ModelConfig c = spec.config();
        Numerics numerics = spec.numerics();
        long weights = DeviceWeights.arenaBytes(c, spec.shard(), numerics.weights());
        long kv = 2L * c.numLayers() * Bytes.alignUp(kvCacheElements(spec) * numerics.kvCacheBytes(), Arena.ALIGNMENT);
        int splits = decodeSplits(spec, smCount);
        long act = 0;
        for (Activations.BufferSpec b : Activations.layout(spec, splits)) act += Arena.footprint(b.type(), b.elements());
        return new MemoryPlan(weights, kv, act, CUBLASLT_WORKSPACE, splits);
    }

    /** Bytes of {@code w} in {@code format}: a quantizable weight (every expert's too) in it, the rest dense. */
    static long weightBytes(WeightFormat format, WeightShape w) {
        int[] s = w.shape();
        if (!WeightLayout.isQuantizable(w)) return w.numel() * format.dense().bytes;
        return w.numel() / ((long) s[s.length - 2] * s[s.length - 1]) * format.bytes(s[s.length - 2], s[s.length - 1]);
    }

    /** Elements of one layer's K cache (and of its V cache) on this rank: batch × KV heads × positions × head dim. */
    static long kvCacheElements(EngineSpec spec) {
        ModelConfig c = spec.config();
        return (long) spec.batch() * spec.shard().kvHeads(c) * spec.maxSeq() * c.headDim();
    }

    /**
     * Flash-decoding splits of the cached positions: enough blocks to fill the GPU about twice, none
     * shorter than 64 positions.
     */
    static int decodeSplits(EngineSpec spec, int smCount) {
        long blocks = (long) spec.batch() * spec.shard().heads(spec.config());
        int wanted = (int) Math.max(1, (2L * smCount + blocks - 1) / blocks);
        int maxUseful = Math.max(1, (spec.maxSeq() + 63) / 64);
        return Math.min(wanted, maxUseful);
    }

    public long total() {
        return weightBytes + kvCacheBytes + activationBytes + workspaceBytes;
    }

    /** Fails clearly when the plan exceeds {@code freeBytes} of the device. */
    public void requireFits(EngineSpec spec, long freeBytes, String gpuName) {
        requireFits(spec, freeBytes, gpuName, 0);
    }

    /**
     * As {@link #requireFits(EngineSpec, long, String)}, naming the smallest world size whose ranks would each fit in
     * {@code freeBytes} (GPUs alike, {@code smCount} SMs each; none named for 0).
     */
    public void requireFits(EngineSpec spec, long freeBytes, String gpuName, int smCount) {
        requireFits(spec, freeBytes, gpuName, smCount, 0);
    }

    /**
     * As {@link #requireFits(EngineSpec, long, String, int)} with {@code reserveBytes} of the free memory kept for
     * others (a rank over NCCL: {@link #NCCL_RESERVE}, which the world sizes named count anyway).
     */
    public void requireFits(EngineSpec spec, long freeBytes, String gpuName, int smCount, long reserveBytes) {
        if (total() + reserveBytes <= freeBytes) return;
        String larger = "it needs tensor parallelism over several GPUs (a larger world size)";
        if (smCount > 0) {
            larger = worldSizeThatFits(spec, smCount, freeBytes)
                    .map(n -> "world size " + n + " would fit (" + Bytes.human(of(spec.rank(new Shard(0, n), spec.device(), false),
                            smCount).total()) + " a GPU and " + Bytes.human(NCCL_RESERVE) + " for NCCL: tensor parallelism over "
                            + n + " such GPUs)")
                    .orElse("it does not fit even over " + MAX_WORLD_SIZE + " such GPUs (tensor parallelism)");
        }
        throw new LlmbenchException(String.format(
                "%s in %s at batch %d, %d+%d tokens needs %s on the GPU (weights %s, KV cache %s, activations and workspace %s)"
                        + " but %s has %s free%s; %s, a smaller batch or shorter sequences",
                spec.config().name(), spec.precision().id(), spec.batch(), spec.inputLen(), spec.outputLen(), Bytes.human(total()),
                Bytes.human(weightBytes), Bytes.human(kvCacheBytes), Bytes.human(activationBytes + workspaceBytes), gpuName,
                Bytes.human(freeBytes), reserveBytes == 0 ? "" : " (" + Bytes.human(reserveBytes) + " of it kept for NCCL)", larger));
    }

    /** The largest world size {@link #worldSizeThatFits} tries. */
    static final int MAX_WORLD_SIZE = 64;

    /**
     * The smallest world size above {@code spec}'s that splits its model and whose every rank fits {@code freeBytes}
     * beside NCCL's buffers.
     */
    static java.util.Optional<Integer> worldSizeThatFits(EngineSpec spec, int smCount, long freeBytes) {
        for (int n = spec.shard().size() + 1; n <= MAX_WORLD_SIZE; n++) {
            try {
                new Shard(0, n).requireSplittable(spec.config());
            } catch (LlmbenchException doesNotSplit) {
                continue;
            }
            boolean fits = true;
            // every world size above 1 runs over NCCL, whose buffers its ranks keep free
            for (int r = 0; r < n && fits; r++) {
                fits = of(spec.rank(new Shard(r, n), spec.device(), false), smCount).total() + NCCL_RESERVE <= freeBytes;
            }
            if (fits) return java.util.Optional.of(n);
        }
        return java.util.Optional.empty();
    }
}
