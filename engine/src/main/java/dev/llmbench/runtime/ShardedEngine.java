package dev.llmbench.runtime;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.CudaGraph;
import dev.llmbench.cuda.Device;
import dev.llmbench.cuda.Event;
import dev.llmbench.cuda.KernelModule;
import dev.llmbench.cuda.Kernels;
import dev.llmbench.cuda.Stream;
import dev.llmbench.layers.Op;
import dev.llmbench.model.Shard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * N tensor-parallel ranks of one decoder on ONE GPU: the shard math of a multi-GPU run, provable without several
 * GPUs. Each rank is a {@link DecoderEngine} of its {@link Shard} (its heads, its block of the MLP, its own arena and
 * KV cache); they share one stream, and their all-reduces are {@link SameGpuAllReduce}'s kernels over the ranks'
 * buffers. A phase runs the ranks' ops interleaved (op i of every rank, then op i+1), and the generation step of all
 * ranks together is one CUDA graph. Every rank computes the logits from the same residual stream with the whole LM
 * head, chosen without timing (a vocabulary-parallel head is still to do), so the ranks' logits and tokens agree
 * bit for bit (the tokens checked); rank 0's are the engine's. Random weights are the same on every rank (the
 * same per-name seeds at the rank's shapes), not slices of a whole model's. Times are of all ranks on one GPU:
 * this engine proves numbers, it is not a benchmark.
 */
public final class ShardedEngine implements AutoCloseable {
    private final EngineSpec spec;
    private final List<DecoderEngine> ranks = new ArrayList<>();
    private final List<Op> contextOps;
    private final List<Op> stepOps;
    private final CudaGraph stepGraph;
    private final Stream stream;
    private final Event start;
    private final Event firstToken;
    private final Event end;
    private final OwnedResources owned = new OwnedResources();

    private ShardedEngine(EngineSpec whole, int size) {
        if (!whole.shard().equals(Shard.WHOLE)) {
            throw new IllegalArgumentException("a sharded engine is built from the whole model's spec, not from rank "
                    + whole.shard());
        }
        if (size < 1) throw new LlmbenchException("world size " + size + ": at least 1 rank");
        new Shard(0, size).requireSplittable(whole.config());
        this.spec = whole;
        try {
            Device dev = Device.open(whole.device());
            this.stream = owned.own(new Stream());
            this.start = owned.own(new Event());
            this.firstToken = owned.own(new Event());
            this.end = owned.own(new Event());
            SameGpuAllReduce reduce = new SameGpuAllReduce(size, new Kernels(KernelModule.of(dev)));
            for (int r = 0; r < size; r++) {
                // the group captures the step of all ranks at once: no rank captures its own
                EngineSpec rank = whole.rank(new Shard(r, size), whole.device(), false);
                ranks.add(owned.own(new DecoderEngine(rank, stream, reduce.rank(r))));
            }
            this.contextOps = interleave(ranks.stream().map(DecoderEngine::contextOps).toList());
            this.stepOps = interleave(ranks.stream().map(DecoderEngine::stepOps).toList());
            stream.synchronize();
            this.stepGraph = whole.cudaGraph() ? owned.own(CudaGraph.capture(stream, () -> DecoderEngine.runAll(stepOps))) : null;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Builds {@code size} ranks of {@code whole} (a spec of the whole model, {@link Shard#WHOLE}) on its GPU. */
    public static ShardedEngine build(EngineSpec whole, int size) {
        return new ShardedEngine(whole, size);
    }

    /**
     * Op i of every rank, rank 0 first, then op i+1: a rank's partial is written before the last rank sums it. The
     * ranks' plans must have their all-reduces at the same indices (their other ops may differ in kind: rank 0's
     * row-parallel products add the bias, the others' do not).
     */
    private static List<Op> interleave(List<List<Op>> perRank) {
        List<Op> first = perRank.get(0);
        int n = first.size();
        for (List<Op> ops : perRank) {
            if (ops.size() != n) throw new IllegalStateException("the ranks' plans have different op counts");
            for (int i = 0; i < n; i++) {
                if (isReduce(ops.get(i)) != isReduce(first.get(i))) {
                    throw new IllegalStateException("the ranks' all-reduces are at different ops (op " + i + ")");
                }
            }
        }
        List<Op> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (List<Op> ops : perRank) all.add(ops.get(i));
        }
        return all;
    }

    private static boolean isReduce(Op op) {
        return op.family().equals("allreduce");
    }

    /** Greedy generation of outputLen tokens for each prompt, all ranks together; rank 0's tokens. */
    public GenerateResult generate(int[][] prompts) {
        for (DecoderEngine r : ranks) r.uploadPrompts(prompts);
        start.record(stream);
        DecoderEngine.runAll(contextOps);
        firstToken.record(stream);
        for (DecoderEngine r : ranks) r.setCounters(1, spec.inputLen());
        for (int step = 1; step < spec.outputLen(); step++) {
            if (stepGraph != null) stepGraph.replay(stream);
            else DecoderEngine.runAll(stepOps);
        }
        end.record(stream);
        int[][] tokens = ranks.get(0).downloadTokens();
        for (int r = 1; r < ranks.size(); r++) {
            if (!Arrays.deepEquals(ranks.get(r).downloadTokens(), tokens)) {
                throw new IllegalStateException("rank " + r + " generated other tokens than rank 0 after the same all-reduces");
            }
        }
        return new GenerateResult(tokens, firstToken.elapsedMillisSince(start), end.elapsedMillisSince(firstToken),
                end.elapsedMillisSince(start));
    }

    /** The context phase alone (prompts uploaded to every rank, token 1 produced), synchronised. */
    public void contextPhase(int[][] prompts) {
        for (DecoderEngine r : ranks) r.uploadPrompts(prompts);
        DecoderEngine.runAll(contextOps);
        stream.synchronize();
    }

    /** Logits (batch × vocab, fp32) of the last context phase or step, as rank {@code rank} computed them. */
    public float[] logits(int rank) {
        return ranks.get(rank).logits();
    }

    /** Gives back every rank's GPU resources and the shared stream, last made first. */
    @Override
    public void close() {
        owned.close();
    }
}
