package dev.llmbench.layers;

import dev.llmbench.cuda.BoundKernel;
import dev.llmbench.cuda.DType;
import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.cuda.Epilogue;
import dev.llmbench.cuda.Kernels;
import dev.llmbench.cuda.MatmulShape;
import dev.llmbench.model.Activation;
import dev.llmbench.model.GlmPositions;
import dev.llmbench.model.Mode;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.PositionEmbedding;
import dev.llmbench.model.Positions;

import java.util.ArrayList;
import java.util.List;

/**
 * Self-attention of one block with its KV cache: fused QKV projection, rotary (NeoX or GPT-J pairs, on the
 * first rotary dims of each head), cache write, then causal attention over the prompt (context phase) or
 * over the cache (generation step, flash-decoding split across the cache length), with ALiBi's per-head
 * slopes where the model has them, and the output projection. In mode ootb the attention itself is
 * unfused (attention_unfused.cuh): split heads, scores = Q K^T as one batched cuBLASLt product per phase
 * (a batch entry per sequence and KV head: its group of query heads is one matrix), masked softmax,
 * P V as a second product, merge heads. It reads the cache rows 0..T-1 in the context phase and all S rows
 * in a generation step (the softmax gives the rows past the sequence p = 0). ChatGLM-6B's attention turns its heads
 * with two rotary streams and lets the prompt's context (all but its last token) attend both ways
 * ({@link GlmPositions}): the positions need the prompt's length, the same in every phase of an engine.
 */
public final class Attention {
    private final LayerContext ctx;
    private final Linear qkvProjection;
    private final Linear outProjection;
    private final DeviceBuffer kCache; // (B, KV, S, D)
    private final DeviceBuffer vCache; // (B, KV, S, D)
    private final int cacheLength;
    private final DeviceBuffer alibiSlopes; // (H) fp32, null without ALiBi
    private final DeviceBuffer sequenceLengths; // (B) I32 for an encoder (bidirectional), null for a decoder (causal)
    private final int promptLength; // a decoder's prompt tokens (its 2D positions depend on it), else 0

    /** A decoder's causal attention, for prompts of {@code promptLength} tokens. */
    public Attention(LayerContext ctx, Linear qkvProjection, Linear outProjection, DeviceBuffer kCache, DeviceBuffer vCache,
                     int cacheLength, DeviceBuffer alibiSlopes, int promptLength) {
        this(ctx, qkvProjection, outProjection, kCache, vCache, cacheLength, alibiSlopes, null, promptLength);
    }

    /**
     * With {@code sequenceLengths} (B, I32), an encoder's attention: every token attends to every token of its
     * sequence up to that length: the bidirectional tensor-core kernel (attention_encoder) in the modes with fused
     * attention where the heads fit it (16-bit, head dim a multiple of 16 up to 128), else the unfused path.
     */
    public Attention(LayerContext ctx, Linear qkvProjection, Linear outProjection, DeviceBuffer kCache, DeviceBuffer vCache,
                     int cacheLength, DeviceBuffer alibiSlopes, DeviceBuffer sequenceLengths) {
        this(ctx, qkvProjection, outProjection, kCache, vCache, cacheLength, alibiSlopes, sequenceLengths, 0);
    }

    private Attention(LayerContext ctx, Linear qkvProjection, Linear outProjection, DeviceBuffer kCache, DeviceBuffer vCache,
                      int cacheLength, DeviceBuffer alibiSlopes, DeviceBuffer sequenceLengths, int promptLength) {
        this.ctx = ctx;
        this.qkvProjection = qkvProjection;
        this.outProjection = outProjection;
        this.kCache = kCache;
        this.vCache = vCache;
        this.cacheLength = cacheLength;
        this.alibiSlopes = alibiSlopes;
        this.sequenceLengths = sequenceLengths;
        this.promptLength = promptLength;
        if ((alibiSlopes != null) != ctx.config().arch().positions().alibi()) {
            throw new IllegalArgumentException("ALiBi slopes are given exactly when the model uses ALiBi");
        }
    }

    /**
     * Whether an encoder's attention takes the fused kernel (attention_encoder: the modes with fused attention, heads
     * the tensor cores take) rather than the unfused path, whose scores, heads and K/V buffers it then does not read.
     */
    public static boolean encoderFused(Mode mode, DType type, int headDim) {
        return mode.fusedAttention() && Kernels.encoderAttentionSupports(type, headDim);
    }

    /** The prompt phase: {@code batch} sequences of {@code t} tokens at positions pos0.. (input → buf.projected). */
    public List<Op> context(DeviceBuffer input, BlockBuffers buf, int batch, int t, DeviceBuffer pos0) {
        ModelConfig c = ctx.config();
        int rows = batch * t;
        List<Op> ops = new ArrayList<>();
        ops.add(qkvProjection.forward(buf.qkv(), input, rows, Activation.NONE));
        if (sequenceLengths != null && encoderFused(ctx.mode(), ctx.type(), c.headDim())) {
            // an encoder's fused attention reads q, k and v from the QKV activations: no cache to write
            addRotary(ops, buf, batch, t, pos0);
            BoundKernel attend = ctx.kernels().attentionEncoder(buf.attention(), buf.qkv(), sequenceLengths, batch, t,
                    ctx.heads(), ctx.kvHeads(), c.headDim(), scale());
            ops.add(Op.of("attention", () -> attend.run(ctx.stream())));
            project(ops, buf, rows);
            return ops;
        }
        addRotaryAndCacheWrite(ops, buf, batch, t, pos0);
        if (!ctx.mode().fusedAttention() || sequenceLengths != null) {
            ops.add(unfused(buf, batch, t, t, pos0, contextPrefix(t)));
            project(ops, buf, rows);
            return ops;
        }
        BoundKernel attend = ctx.kernels().attentionContext(buf.attention(), buf.qkv(), batch, t, ctx.heads(), ctx.kvHeads(),
                c.headDim(), scale(), alibiSlopes, contextPrefix(t));
        ops.add(Op.of("attention", () -> attend.run(ctx.stream())));
        project(ops, buf, rows);
        return ops;
    }

    /** One generation step: one token per sequence at pos0, attending over seqLen cached positions. */
    public List<Op> decode(DeviceBuffer input, BlockBuffers buf, int batch, DeviceBuffer pos0, DeviceBuffer seqLen, int splits) {
        ModelConfig c = ctx.config();
        List<Op> ops = new ArrayList<>();
        ops.add(qkvProjection.forward(buf.qkv(), input, batch, Activation.NONE));
        addRotaryAndCacheWrite(ops, buf, batch, 1, pos0);
        if (!ctx.mode().fusedAttention()) {
            ops.add(unfused(buf, batch, 1, cacheLength, pos0, 0));
            project(ops, buf, batch);
            return ops;
        }
        BoundKernel partials = ctx.kernels().attentionDecode(buf.qkv(), kCache, vCache, buf.partialO(), buf.partialMl(), batch,
                ctx.heads(), ctx.kvHeads(), c.headDim(), cacheLength, seqLen, splits, scale(), alibiSlopes);
        BoundKernel merge = ctx.kernels().attentionDecodeMerge(buf.attention(), buf.partialO(), buf.partialMl(), batch,
                ctx.heads(), c.headDim(), splits);
        ops.add(Op.of("attention", () -> {
            partials.run(ctx.stream());
            merge.run(ctx.stream());
        }));
        project(ops, buf, batch);
        return ops;
    }

    /**
     * The output projection into buf.projected, then (a tensor-parallel rank: its heads' part of the product) the
     * all-reduce that sums the ranks' parts.
     */
    private void project(List<Op> ops, BlockBuffers buf, int rows) {
        ops.add(outProjection.forward(buf.projected(), buf.attention(), rows, Activation.NONE));
        ops.addAll(ctx.allReduce().sum(buf.projected(), (long) rows * ctx.config().hiddenSize(), ctx.stream()));
    }

    private void addRotaryAndCacheWrite(List<Op> ops, BlockBuffers buf, int batch, int t, DeviceBuffer pos0) {
        ModelConfig c = ctx.config();
        addRotary(ops, buf, batch, t, pos0);
        BoundKernel write = ctx.kernels().kvCacheWrite(buf.qkv(), kCache, vCache, batch, t, ctx.heads(), ctx.kvHeads(),
                c.headDim(), cacheLength, pos0);
        ops.add(Op.of("kv_cache", () -> write.run(ctx.stream())));
    }

    /** Rotary on the QKV activations' query and key heads, where the model has it. */
    private void addRotary(List<Op> ops, BlockBuffers buf, int batch, int t, DeviceBuffer pos0) {
        ModelConfig c = ctx.config();
        Positions positions = c.arch().positions();
        BoundKernel rotary;
        if (positions.rotary()) {
            rotary = ctx.kernels().rotary(buf.qkv(), positions.kind() == PositionEmbedding.ROPE_GPTJ, batch * t, t,
                    ctx.heads(), ctx.kvHeads(), c.headDim(), positions.rotaryDim(), pos0, positions.rotaryBase());
        } else if (positions.twoD()) {
            rotary = ctx.kernels().rotary2d(buf.qkv(), batch * t, t, ctx.heads(), ctx.kvHeads(), c.headDim(), positions.rotaryDim(),
                    pos0, promptLength, positions.rotaryBase());
        } else {
            return;
        }
        ops.add(Op.of("rotary", () -> rotary.run(ctx.stream())));
    }

    /**
     * The prompt tokens every token of a context phase of t tokens attends to, past the causal ones: ChatGLM's
     * context (all of the prompt but its last token, {@link GlmPositions#blockStart}), else none. ChatGLM's positions
     * and mask both come from the prompt's length, so its context phase must be the whole prompt.
     */
    private int contextPrefix(int t) {
        if (!ctx.config().arch().positions().twoD()) return 0;
        if (t != promptLength) {
            throw new IllegalStateException("a 2D-position context phase covers the whole prompt: " + t + " tokens of "
                    + promptLength);
        }
        return GlmPositions.blockStart(promptLength);
    }

    /**
     * The unfused attention of t queries per sequence at positions pos0.. over the first {@code keys} cache
     * rows (and the first {@code prefix} of them for every query), qkv → buf.attention (which first holds the split
     * q heads).
     */
    private Op unfused(BlockBuffers buf, int batch, int t, int keys, DeviceBuffer pos0, int prefix) {
        ModelConfig c = ctx.config();
        int h = ctx.heads(), kv = ctx.kvHeads(), d = c.headDim(), group = h / kv;
        long cacheStride = (long) cacheLength * d;
        // scores (group*t, keys) = qh (group*t, D) . K^T, K stored (keys, D); one entry per (sequence, KV head)
        MatmulShape qk = new MatmulShape(ctx.type(), false, true, group * t, keys, d, d, d, keys, batch * kv,
                (long) group * t * d, cacheStride, (long) group * t * keys, Epilogue.NONE);
        // oh (group*t, D) = P (group*t, keys) . V (keys, D)
        MatmulShape pv = new MatmulShape(ctx.type(), false, false, group * t, d, keys, keys, d, d, batch * kv,
                (long) group * t * keys, cacheStride, (long) group * t * d, Epilogue.NONE);
        BoundKernel split = ctx.kernels().splitHeads(buf.attention(), buf.qkv(), batch, t, h, kv, d);
        BoundKernel softmax = ctx.kernels().maskedSoftmax(buf.scores(), batch, h, t, keys, sequenceLengths == null ? pos0 : null,
                scale(), alibiSlopes, sequenceLengths, prefix);
        BoundKernel merge = ctx.kernels().mergeHeads(buf.attention(), buf.headsOut(), batch, t, h, d);
        return Op.of("attention", () -> {
            split.run(ctx.stream());
            ctx.cublasLt().matmul(qk, buf.attention(), kCache, buf.scores(), null);
            softmax.run(ctx.stream());
            ctx.cublasLt().matmul(pv, buf.scores(), vCache, buf.headsOut(), null);
            merge.run(ctx.stream());
        });
    }

    private float scale() {
        return (float) (1.0 / Math.sqrt(ctx.config().headDim()));
    }
}
