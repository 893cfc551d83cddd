package dev.llmbench.runtime;

import dev.llmbench.cuda.Arena;
import dev.llmbench.cuda.BoundKernel;
import dev.llmbench.cuda.CublasLt;
import dev.llmbench.cuda.DType;
import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.cuda.Kernels;
import dev.llmbench.cuda.Stream;
import dev.llmbench.layers.AllReduce;
import dev.llmbench.layers.Attention;
import dev.llmbench.layers.BlockBuffers;
import dev.llmbench.layers.DecoderBlock;
import dev.llmbench.layers.FeedForward;
import dev.llmbench.layers.LayerContext;
import dev.llmbench.layers.Linear;
import dev.llmbench.layers.MixtureOfExperts;
import dev.llmbench.layers.Mlp;
import dev.llmbench.layers.Norm;
import dev.llmbench.layers.Op;
import dev.llmbench.model.Activation;
import dev.llmbench.model.BlockLayout;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Shard;
import dev.llmbench.weights.WeightLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * What a decoder engine runs, decided once at build: the ops of the context phase and of one generation
 * step, in order, bound to the engine's weights, activation buffers and KV caches (which it allocates from
 * the engine's arena). The engine ({@link DecoderEngine}) only runs them: as they are, timed op by op, or
 * the step captured as a CUDA graph. The mode's recipe (fused epilogues and norms, or not) is chosen by the
 * layers it builds. A tensor-parallel rank's plan binds its part of each projection, the all-reduce after each
 * row-parallel one, and the embedding, norms and LM head whole (every rank computes the same logits).
 */
final class DecoderPlan {
    private final EngineSpec spec;
    private final MemoryPlan memory;
    private final Stream stream;
    private final Activations act;
    private final List<Op> context;
    private final List<Op> step;
    private final Norm embeddingNorm; // BLOOM's norm right after the embedding, else null

    DecoderPlan(EngineSpec spec, MemoryPlan memory, Kernels kernels, CublasLt cublasLt, Stream stream, Arena arena,
                DeviceWeights weights, Activations act, DType type, AllReduce allReduce) {
        this.spec = spec;
        this.memory = memory;
        this.stream = stream;
        this.act = act;
        ModelConfig c = spec.config();
        Shard shard = spec.shard();
        LayerContext ctx = new LayerContext(c, type, spec.mode(), kernels, cublasLt, stream, shard, allReduce);
        BlockBuffers buf = new BlockBuffers(act.residual, act.normed, act.mlpNormed, act.qkv, act.attention, act.projected, act.mlpUp,
                act.mlpAct, act.partialO, act.partialMl, act.scores, act.headsOut);
        List<DecoderBlock> blocks = new ArrayList<>();
        long cacheElements = MemoryPlan.kvCacheElements(spec);
        for (int l = 0; l < c.numLayers(); l++) {
            String p = WeightLayout.layer(l);
            Linear qkv = weights.linear(ctx, p + "qkv", shard.qkv(c), c.hiddenSize());
            Linear out = weights.linear(ctx, p + "attn_out", c.hiddenSize(), shard.attentionWidth(c));
            DeviceBuffer kCache = arena.allocate(p + "k cache", type, cacheElements);
            DeviceBuffer vCache = arena.allocate(p + "v cache", type, cacheElements);
            if (!spec.mode().fusedAttention()) {
                // Finite from the start: the unfused attention multiplies the rows past a sequence by p = 0.
                // Only there: the fused kernels never read those rows, and zeroing the caches made the fused
                // generation step of gpt_350m ~6 % slower on an H200 (a bisection: notes/issue9-before-after.md).
                kCache.fillBytes(0);
                vCache.fillBytes(0);
            }
            Norm mlpNorm = c.arch().layout() == BlockLayout.PARALLEL ? null : weights.norm(ctx, p + "mlp_norm");
            blocks.add(new DecoderBlock(ctx, c.arch().layout(), weights.norm(ctx, p + "attn_norm"), mlpNorm,
                    new Attention(ctx, qkv, out, kCache, vCache, spec.maxSeq(), act.alibiSlopes, spec.inputLen()),
                    feedForward(ctx, weights, p)));
        }
        Norm finalNorm = c.arch().finalNorm() ? weights.norm(ctx, WeightLayout.FINAL_NORM) : null;
        Linear lmHead = Linear.replicated(ctx, weights.get(WeightLayout.LM_HEAD), weights.optional(WeightLayout.LM_HEAD_BIAS),
                c.vocabSize(), c.hiddenSize());
        this.embeddingNorm = c.arch().embeddingNorm() ? weights.norm(ctx, WeightLayout.EMBED_NORM) : null;

        this.context = contextPhase(kernels, weights, blocks, finalNorm, lmHead, buf);
        this.step = generationStep(kernels, weights, blocks, finalNorm, lmHead, buf);
    }

    /** The context phase: prompts in, token 1 out (argmax), the KV cache filled. */
    List<Op> context() {
        return context;
    }

    /** One generation step, reading its position and length from device counters it advances. */
    List<Op> step() {
        return step;
    }

    private List<Op> contextPhase(Kernels kernels, DeviceWeights w, List<DecoderBlock> blocks, Norm finalNorm,
                                  Linear lmHead, BlockBuffers buf) {
        ModelConfig c = spec.config();
        int b = spec.batch();
        int t = spec.inputLen();
        List<Op> ops = new ArrayList<>();
        ops.addAll(embedding(kernels, w, b * t, t, act.contextPos0(), act.tokens));
        DeviceBuffer pending = null;
        for (DecoderBlock block : blocks) {
            ops.addAll(block.context(buf, pending, b, t, act.contextPos0()));
            pending = block.leavesPendingOutput() ? act.projected : null;
        }
        DeviceBuffer hidden = finish(ops, kernels, finalNorm, pending, b * t);
        BoundKernel gather = kernels.gatherLastRows(act.lastRows, hidden, b, t, c.hiddenSize());
        ops.add(Op.of("gather", () -> gather.run(stream)));
        ops.add(Op.of("lm_head", lmHead.forward(act.logits, act.lastRows, b, Activation.NONE)::run));
        BoundKernel argmax = kernels.argmax(act.logits, b, c.vocabSize(), act.nextTokens, act.outTokens, spec.outputLen(),
                act.contextStep());
        ops.add(Op.of("sampling", () -> argmax.run(stream)));
        return ops;
    }

    private List<Op> generationStep(Kernels kernels, DeviceWeights w, List<DecoderBlock> blocks,
                                     Norm finalNorm, Linear lmHead, BlockBuffers buf) {
        ModelConfig c = spec.config();
        int b = spec.batch();
        List<Op> ops = new ArrayList<>();
        ops.addAll(embedding(kernels, w, b, 1, act.decodePos0(), act.nextTokens));
        DeviceBuffer pending = null;
        for (DecoderBlock block : blocks) {
            ops.addAll(block.decode(buf, pending, b, act.decodePos0(), act.decodeSeqLen(), memory.decodeSplits()));
            pending = block.leavesPendingOutput() ? act.projected : null;
        }
        DeviceBuffer hidden = finish(ops, kernels, finalNorm, pending, b);
        ops.add(Op.of("lm_head", lmHead.forward(act.logits, hidden, b, Activation.NONE)::run));
        BoundKernel argmax = kernels.argmax(act.logits, b, c.vocabSize(), act.nextTokens, act.outTokens, spec.outputLen(),
                act.decodeStep());
        BoundKernel advance = kernels.countersAdvance(act.counters, 3);
        ops.add(Op.of("sampling", () -> {
            argmax.run(stream);
            advance.run(stream);
        }));
        return ops;
    }

    /** The token (and learned position) embedding into the residual stream, then the embedding norm where there is one. */
    private List<Op> embedding(Kernels kernels, DeviceWeights w, int rows, int t, DeviceBuffer pos0, DeviceBuffer tokens) {
        ModelConfig c = spec.config();
        DeviceBuffer wpe = c.arch().positions().learned() ? w.get(WeightLayout.POS_EMBED) : null;
        BoundKernel k = kernels.embedding(act.residual, tokens, w.get(WeightLayout.EMBED), wpe, rows, t, c.hiddenSize(), pos0,
                c.arch().positions().offset());
        Op embed = Op.of("embedding", () -> k.run(stream));
        if (embeddingNorm == null) return List.of(embed);
        return List.of(embed, embeddingNorm.addAndNormalize(act.residual, null, act.residual, rows));
    }

    /** Adds the last pending block output and applies the final norm; returns the buffer holding the final hidden states. */
    private DeviceBuffer finish(List<Op> ops, Kernels kernels, Norm finalNorm, DeviceBuffer pending, int rows) {
        if (finalNorm != null) {
            ops.add(finalNorm.addAndNormalize(act.residual, pending, act.normed, rows));
            return act.normed;
        }
        if (pending != null) {
            BoundKernel add = kernels.add(act.residual, pending, (long) rows * spec.config().hiddenSize());
            ops.add(Op.of("add", () -> add.run(stream)));
        }
        return act.residual;
    }

    /** Layer {@code p}'s dense MLP, or its mixture of experts over the slices of the stacked expert weights. */
    private FeedForward feedForward(LayerContext ctx, DeviceWeights w, String p) {
        ModelConfig c = spec.config();
        if (!c.arch().experts().present()) {
            Shard shard = ctx.shard();
            return new Mlp(ctx, w.linear(ctx, p + "mlp_up", shard.mlpUp(c), c.hiddenSize()),
                    w.linear(ctx, p + "mlp_down", c.hiddenSize(), shard.mlp(c)));
        }
        List<Mlp> experts = new ArrayList<>();
        for (int e = 0; e < c.arch().experts().count(); e++) {
            experts.add(new Mlp(ctx, w.expert(ctx, p + "mlp_up", e, ctx.shard().mlpUp(c), c.hiddenSize()),
                    w.expert(ctx, p + "mlp_down", e, c.hiddenSize(), ctx.shard().mlp(c))));
        }
        Linear router = Linear.replicated(ctx, w.get(p + WeightLayout.ROUTER), null, c.arch().experts().count(), c.hiddenSize());
        return new MixtureOfExperts(ctx, router, experts, act.routerLogits, act.gates, act.expertOut);
    }
}
