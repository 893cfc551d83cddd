package dev.llmbench.cuda;

import dev.llmbench.LlmbenchException;

import java.util.function.Function;

/**
 * Typed launchers for the kernels of {@code kernels/src/main/cuda}: one method per kernel, which checks
 * the buffers against the shapes, sets the kernel's arguments, picks the grid the kernel's file documents,
 * and returns a {@link BoundKernel}. What the kernel takes is declared once, in its op family's table
 * ({@code NAME.kernels}): the number and kind of the arguments (checked as they are set) and the block
 * size (every launch uses the table's). Shapes: N token rows (B*T), C hidden, H heads, KV key/value heads,
 * D head dim, S cache length per sequence, V vocabulary. Device scalars (pos0, seqLen, step) are
 * one-element I32 buffers so a captured graph reads the current value on every replay.
 */
public final class Kernels {
    /** Head dimension limit of the fused attention kernels (shared-memory tiles are sized for it). */
    private static final int FUSED_MAX_HEAD_DIM = 128;
    /** Head dimension limit of the attention kernels: up to 256 through the _wide entry points. */
    public static final int MAX_HEAD_DIM = 2 * FUSED_MAX_HEAD_DIM;
    /** From this many rows on, rotary runs one block per row (enough blocks to fill any GPU). */
    private static final int ROTARY_ROWS_FOR_ONE_BLOCK = 1024;

    private final Function<String, Kernel> kernels;

    public Kernels(KernelModule module) {
        this(module::kernel);
    }

    /** Launchers over any source of kernels by name (the boundary check without a GPU gives one). */
    Kernels(Function<String, Kernel> kernels) {
        this.kernels = kernels;
    }

    private KernelLaunch launch(String name) {
        return kernels.apply(name).newLaunch();
    }

    private static String typed(String base, DType t) {
        if (t == DType.I32 || t == DType.I8) throw new IllegalArgumentException(base + " has no " + t + " variant");
        return base + "_" + t.suffix();
    }

    // ---- foundation ---------------------------------------------------------------------------------

    /** c[i] += 1 for i < n (the decode loop's step/position/length counters). */
    public BoundKernel countersAdvance(DeviceBuffer counters, int n) {
        require(counters, DType.I32, n, "counters");
        return new BoundKernel(launch("counters_advance").ptr(0, counters).i32(1, n), 1, 1, 1);
    }

    /** out[i] = offset + scale * uniform(seed, i), the same values as the Java RandomInit. */
    public BoundKernel initUniform(DeviceBuffer out, long seed, float scale, float offset) {
        KernelLaunch l = launch(typed("init_uniform", out.type())).ptr(0, out).i64(1, out.elements()).i64(2, seed)
                .f32(3, scale).f32(4, offset);
        return elementwise(l, out.elements());
    }

    // ---- model kernels ------------------------------------------------------------------------------

    /**
     * GLM-10B's embedding: out (N, C) = wte[tokens] + wpe[position] + wbe[block position], the positions GLM's
     * (model.GlmPositions) for cache position pos0 + i % T of a prompt of {@code promptLength} tokens.
     */
    public BoundKernel embeddingGlm(DeviceBuffer out, DeviceBuffer tokens, DeviceBuffer wte, DeviceBuffer wpe, DeviceBuffer wbe,
                                    int n, int t, int c, DeviceBuffer pos0, int promptLength) {
        DType dt = out.type();
        require(out, dt, (long) n * c, "embedding out");
        require(tokens, DType.I32, n, "embedding tokens");
        require(wte, dt, c, "embedding wte");
        require(wpe, dt, (long) (promptLength + 1) * c, "embedding wpe"); // the generated tokens sit at the prompt's length
        require(wbe, dt, 2L * c, "embedding wbe");
        require(pos0, DType.I32, 1, "pos0");
        if (promptLength < 1) throw new IllegalArgumentException("GLM embedding: a prompt of " + promptLength + " tokens");
        KernelLaunch l = launch(typed("embedding_glm", dt)).ptr(0, out).ptr(1, tokens).ptr(2, wte).ptr(3, wpe).ptr(4, wbe)
                .i32(5, n).i32(6, t).i32(7, c).ptr(8, pos0).i32(9, promptLength);
        return new BoundKernel(l, n, 1, 1);
    }

    /** out (N, C) = wte[tokens] + wpe[pos0 + i % T + posOffset] (wpe may be null). */
    public BoundKernel embedding(DeviceBuffer out, DeviceBuffer tokens, DeviceBuffer wte, DeviceBuffer wpe, int n, int t,
                                 int c, DeviceBuffer pos0, int posOffset) {
        DType dt = out.type();
        require(out, dt, (long) n * c, "embedding out");
        require(tokens, DType.I32, n, "embedding tokens");
        require(wte, dt, c, "embedding wte");
        if (wpe != null) require(wpe, dt, c, "embedding wpe");
        require(pos0, DType.I32, 1, "pos0");
        KernelLaunch l = launch(typed("embedding", dt)).ptr(0, out).ptr(1, tokens).ptr(2, wte).ptr(3, wpe).i32(4, n)
                .i32(5, t).i32(6, c).ptr(7, pos0).i32(8, posOffset);
        return new BoundKernel(l, n, 1, 1);
    }

    /** residual += delta (if delta != null); out = LayerNorm(residual) * gamma + beta. out may alias residual. */
    public BoundKernel addLayerNorm(DeviceBuffer residual, DeviceBuffer delta, DeviceBuffer out, DeviceBuffer gamma,
                                    DeviceBuffer beta, int n, int c, float eps) {
        DType dt = residual.type();
        checkNormArgs(residual, delta, out, gamma, n, c);
        if (beta != null) require(beta, dt, c, "norm beta");
        int rows = normRowsPerBlock(n, c, residual, delta, out, gamma, beta);
        KernelLaunch l = launch(typed("add_layernorm", dt)).ptr(0, residual).ptr(1, delta).ptr(2, out).ptr(3, gamma)
                .ptr(4, beta).i32(5, n).i32(6, c).f32(7, eps).i32(8, rows);
        return new BoundKernel(l, (n + rows - 1) / rows, 1, 1);
    }

    /** residual += delta (if delta != null); out = RMSNorm(residual) * gamma. out may alias residual. */
    public BoundKernel addRmsNorm(DeviceBuffer residual, DeviceBuffer delta, DeviceBuffer out, DeviceBuffer gamma, int n,
                                  int c, float eps) {
        checkNormArgs(residual, delta, out, gamma, n, c);
        int rows = normRowsPerBlock(n, c, residual, delta, out, gamma, null);
        KernelLaunch l = launch(typed("add_rmsnorm", residual.type())).ptr(0, residual).ptr(1, delta).ptr(2, out)
                .ptr(3, gamma).i32(4, n).i32(5, c).f32(6, eps).i32(7, rows);
        return new BoundKernel(l, (n + rows - 1) / rows, 1, 1);
    }

    /** Rows a norm's 16-byte chunks a lane holds in registers in the warp-per-row path (norms::kWarpChunks). */
    private static final int NORM_WARP_CHUNKS = 8;
    /**
     * Fewest rows a norm takes a warp per row for. With many rows a block per row runs wave after wave of mostly
     * idle threads waiting on barriers (BERT at 64 x 512 tokens: 3.8 ms of norms a forward pass, 1.8 ms with a
     * warp per row on an H200); with few, a generation step's 1-64, a block per row spreads each row over a
     * whole SM and is faster (gpt_350m's step lost 2.4 us a norm to a warp per row on the H200).
     */
    private static final int NORM_WARP_MIN_ROWS = 2048;

    /**
     * A norm's rows per 256-thread block: 8 (a warp per row, no block-wide barriers) for at least
     * {@link #NORM_WARP_MIN_ROWS} rows that are whole 16-byte chunks, at most 8 per lane (up to 2048 16-bit or
     * 1024 fp32 values: BERT, gpt_350m), every tensor 16-byte aligned; else 1, a block per row.
     */
    private static int normRowsPerBlock(int n, int c, DeviceBuffer... tensors) {
        int perChunk = 16 / tensors[0].type().bytes;
        if (n < NORM_WARP_MIN_ROWS || c % perChunk != 0 || c / perChunk > NORM_WARP_CHUNKS * 32) return 1;
        for (DeviceBuffer t : tensors) if (t != null && t.address() % 16 != 0) return 1;
        return 8;
    }

    private static void checkNormArgs(DeviceBuffer residual, DeviceBuffer delta, DeviceBuffer out, DeviceBuffer gamma,
                                      int n, int c) {
        DType dt = residual.type();
        require(residual, dt, (long) n * c, "norm residual");
        if (delta != null) require(delta, dt, (long) n * c, "norm delta");
        require(out, dt, (long) n * c, "norm out");
        require(gamma, dt, c, "norm gamma");
    }

    /**
     * Rotates the first rotDim dims of the q and k heads of qkv (N, (H+2KV)*D) in place at positions pos0 + i % T:
     * GPT-J's neighbouring pairs when {@code interleaved}, else GPT-NeoX's halves.
     */
    public BoundKernel rotary(DeviceBuffer qkv, boolean interleaved, int n, int t, int h, int kv, int d, int rotDim,
                              DeviceBuffer pos0, float theta) {
        require(qkv, qkv.type(), (long) n * (h + 2L * kv) * d, "rotary qkv");
        require(pos0, DType.I32, 1, "pos0");
        if (rotDim <= 0 || rotDim > d || rotDim % 2 != 0) {
            throw new IllegalArgumentException("rotary dim " + rotDim + " must be even and within the head dim " + d);
        }
        KernelLaunch l = launch(typed(interleaved ? "rotary_gptj" : "rotary_neox", qkv.type())).ptr(0, qkv).i32(1, n).i32(2, t).i32(3, h).i32(4, kv)
                .i32(5, d).i32(6, rotDim).ptr(7, pos0).f32(8, theta);
        return new BoundKernel(l, n, rotaryHeadGroups(n, h, kv), 1);
    }

    /**
     * ChatGLM-6B's 2D rotary: in each q and k head of qkv (N, (H+2KV)*D), dims [0, rotDim) turn as GPT-NeoX's halves
     * with the position and dims [rotDim, 2 rotDim) with the block position of the token at cache position pos0 + i % T
     * of a sequence whose prompt is {@code promptLength} tokens long (model.GlmPositions).
     */
    public BoundKernel rotary2d(DeviceBuffer qkv, int n, int t, int h, int kv, int d, int rotDim, DeviceBuffer pos0,
                                int promptLength, float theta) {
        require(qkv, qkv.type(), (long) n * (h + 2L * kv) * d, "rotary qkv");
        require(pos0, DType.I32, 1, "pos0");
        if (rotDim <= 0 || 2 * rotDim > d || rotDim % 2 != 0) {
            throw new IllegalArgumentException("2D rotary dim " + rotDim + " must be even, two of them within the head dim " + d);
        }
        if (promptLength < 1) throw new IllegalArgumentException("2D rotary: a prompt of " + promptLength + " tokens");
        KernelLaunch l = launch(typed("rotary_2d", qkv.type())).ptr(0, qkv).i32(1, n).i32(2, t).i32(3, h).i32(4, kv)
                .i32(5, d).i32(6, rotDim).ptr(7, pos0).i32(8, promptLength).f32(9, theta);
        return new BoundKernel(l, n, rotaryHeadGroups(n, h, kv), 1);
    }

    /**
     * The blocks a row of the rotary kernels takes. Few rows (a generation step): each row's heads split over blocks
     * of 4 heads to fill the GPU; many rows (a context phase): one block a row, so its cos/sin are computed once.
     */
    private static int rotaryHeadGroups(int n, int h, int kv) {
        return n >= ROTARY_ROWS_FOR_ONE_BLOCK ? 1 : (h + kv + 3) / 4;
    }

    /** Copies the k and v heads of B*T rows of qkv into one layer's caches (B, KV, S, D) at pos0 + t. */
    public BoundKernel kvCacheWrite(DeviceBuffer qkv, DeviceBuffer kCache, DeviceBuffer vCache, int b, int t, int h, int kv,
                                    int d, int s, DeviceBuffer pos0) {
        DType dt = qkv.type();
        require(qkv, dt, (long) b * t * (h + 2L * kv) * d, "kv-cache qkv");
        require(kCache, dt, (long) b * kv * s * d, "k cache");
        require(vCache, dt, (long) b * kv * s * d, "v cache");
        require(pos0, DType.I32, 1, "pos0");
        KernelLaunch l = launch(typed("kv_cache_write", dt)).ptr(0, qkv).ptr(1, kCache).ptr(2, vCache).i32(3, b)
                .i32(4, t).i32(5, h).i32(6, kv).i32(7, d).i32(8, s).ptr(9, pos0);
        return new BoundKernel(l, b * t, 1, 1);
    }

    /**
     * Causal attention over the T prompt tokens of each sequence: out (B*T, H*D) from qkv (B*T, (H+2KV)*D);
     * alibi: H fp32 ALiBi slopes, or null. The first {@code prefix} tokens are seen by every token (ChatGLM's
     * context, read both ways): token i attends to tokens j < max(i + 1, prefix); 0 is plain causal attention.
     */
    public BoundKernel attentionContext(DeviceBuffer out, DeviceBuffer qkv, int b, int t, int h, int kv, int d, float scale,
                                        DeviceBuffer alibi, int prefix) {
        DType dt = qkv.type();
        checkHeads(h, kv, d);
        if (prefix < 0 || prefix > t) throw new IllegalArgumentException("attention prefix " + prefix + " outside 0.." + t);
        require(qkv, dt, (long) b * t * (h + 2L * kv) * d, "attention qkv");
        require(out, dt, (long) b * t * h * d, "attention out");
        if (alibi != null) require(alibi, DType.F32, h, "alibi slopes");
        boolean wide = d > FUSED_MAX_HEAD_DIM;
        KernelLaunch l = launch(typed(wide ? "attention_context_wide" : "attention_context", dt)).ptr(0, out).ptr(1, qkv)
                .i32(2, b).i32(3, t).i32(4, h).i32(5, kv).i32(6, d).f32(7, scale).ptr(8, alibi).i32(9, prefix);
        // fused: a block per 32 query rows (attn::kQTile) of one head; wide: a block per query row
        return new BoundKernel(l, wide ? t : (t + 31) / 32, h, b);
    }

    /** Whether {@link #attentionEncoder} takes these heads: the tensor-core path (16-bit, D a multiple of 16, at most 128). */
    public static boolean encoderAttentionSupports(DType type, int d) {
        return (type == DType.F16 || type == DType.BF16) && d % 16 == 0 && d >= 16 && d <= FUSED_MAX_HEAD_DIM;
    }

    /**
     * An encoder's attention: every row of sequence b attends to its first lengths[b] tokens (bidirectional; padding
     * rows too), flash-attention style on the tensor cores, q, k, v read from the fused QKV activations.
     */
    public BoundKernel attentionEncoder(DeviceBuffer out, DeviceBuffer qkv, DeviceBuffer lengths, int b, int t, int h, int kv,
                                        int d, float scale) {
        DType dt = qkv.type();
        checkHeads(h, kv, d);
        if (!encoderAttentionSupports(dt, d)) {
            throw new IllegalArgumentException("attention_encoder: " + dt + " head dim " + d + " is not a tensor-core shape");
        }
        require(qkv, dt, (long) b * t * (h + 2L * kv) * d, "attention qkv");
        require(out, dt, (long) b * t * h * d, "attention out");
        require(lengths, DType.I32, b, "sequence lengths");
        KernelLaunch l = launch(typed("attention_encoder", dt)).ptr(0, out).ptr(1, qkv).ptr(2, lengths).i32(3, b).i32(4, t)
                .i32(5, h).i32(6, kv).i32(7, d).f32(8, scale);
        int rows = encoderAttentionRowsPerBlock(d);
        return new BoundKernel(l, (t + rows - 1) / rows, h, b);
    }

    /** Query rows a block of attention_encoder takes (attn_enc::rows_per_block): 128 for heads up to 64 wide, else 64. */
    private static int encoderAttentionRowsPerBlock(int d) {
        return d <= 64 ? 128 : 64;
    }

    /**
     * Flash-decoding partials: each of {@code splits} blocks per (b, h) attends over its share of the
     * seqLen cached positions. partialO (B, H, splits, D) and partialMl (B, H, splits, 2) are fp32; alibi: H fp32
     * ALiBi slopes, or null.
     */
    public BoundKernel attentionDecode(DeviceBuffer qkv, DeviceBuffer kCache, DeviceBuffer vCache, DeviceBuffer partialO,
                                       DeviceBuffer partialMl, int b, int h, int kv, int d, int s, DeviceBuffer seqLen,
                                       int splits, float scale, DeviceBuffer alibi) {
        DType dt = qkv.type();
        checkHeads(h, kv, d);
        require(qkv, dt, (long) b * (h + 2L * kv) * d, "decode qkv");
        require(kCache, dt, (long) b * kv * s * d, "k cache");
        require(vCache, dt, (long) b * kv * s * d, "v cache");
        require(partialO, DType.F32, (long) b * h * splits * d, "decode partial_o");
        require(partialMl, DType.F32, (long) b * h * splits * 2, "decode partial_ml");
        require(seqLen, DType.I32, 1, "seq_len");
        if (alibi != null) require(alibi, DType.F32, h, "alibi slopes");
        String name = d > FUSED_MAX_HEAD_DIM ? "attention_decode_wide" : "attention_decode";
        KernelLaunch l = launch(typed(name, dt)).ptr(0, qkv).ptr(1, kCache).ptr(2, vCache)
                .ptr(3, partialO).ptr(4, partialMl).i32(5, b).i32(6, h).i32(7, kv).i32(8, d).i32(9, s).ptr(10, seqLen)
                .i32(11, splits).f32(12, scale).ptr(13, alibi);
        return new BoundKernel(l, splits, h, b);
    }

    /** Merges the flash-decoding partials by log-sum-exp into out (B, H*D). */
    public BoundKernel attentionDecodeMerge(DeviceBuffer out, DeviceBuffer partialO, DeviceBuffer partialMl, int b, int h,
                                            int d, int splits) {
        require(out, out.type(), (long) b * h * d, "decode out");
        require(partialO, DType.F32, (long) b * h * splits * d, "decode partial_o");
        require(partialMl, DType.F32, (long) b * h * splits * 2, "decode partial_ml");
        KernelLaunch l = launch(typed("attention_decode_merge", out.type())).ptr(0, out).ptr(1, partialO)
                .ptr(2, partialMl).i32(3, b).i32(4, h).i32(5, d).i32(6, splits);
        return new BoundKernel(l, h, b, 1);
    }

    /** qh (B, H, T, D) = the q heads of qkv (B*T, (H+2KV)*D): the first step of the unfused attention (ootb). */
    public BoundKernel splitHeads(DeviceBuffer qh, DeviceBuffer qkv, int b, int t, int h, int kv, int d) {
        DType dt = qkv.type();
        require(qkv, dt, (long) b * t * (h + 2L * kv) * d, "split_heads qkv");
        require(qh, dt, (long) b * h * t * d, "split_heads qh");
        KernelLaunch l = launch(typed("split_heads", dt)).ptr(0, qh).ptr(1, qkv).i32(2, b).i32(3, t).i32(4, h).i32(5, kv)
                .i32(6, d);
        return elementwise(l, (long) b * h * t * d);
    }

    /** out (B*T, H*D) from oh (B, H, T, D): the last step of the unfused attention. */
    public BoundKernel mergeHeads(DeviceBuffer out, DeviceBuffer oh, int b, int t, int h, int d) {
        DType dt = oh.type();
        require(oh, dt, (long) b * h * t * d, "merge_heads oh");
        require(out, dt, (long) b * t * h * d, "merge_heads out");
        KernelLaunch l = launch(typed("merge_heads", dt)).ptr(0, out).ptr(1, oh).i32(2, b).i32(3, t).i32(4, h).i32(5, d);
        return elementwise(l, (long) b * h * t * d);
    }

    /**
     * In place over scores (B, H, T, L): row (b, h, t) becomes the softmax of scale × its first n entries (plus
     * ALiBi's slope × distance when alibi, H fp32 slopes, is given), 0 after. Causal (pos0 given): n =
     * min(max(pos0 + t + 1, prefix), L), the first prefix keys seen by every query (ChatGLM's context; 0 for none);
     * bidirectional (pos0 null, an encoder): n = L. With lengths (B, I32), n is also at most the sequence's length
     * (its padding is not attended).
     */
    public BoundKernel maskedSoftmax(DeviceBuffer scores, int b, int h, int t, int l, DeviceBuffer pos0, float scale,
                                     DeviceBuffer alibi, DeviceBuffer lengths, int prefix) {
        if (prefix < 0 || prefix > l) throw new IllegalArgumentException("softmax prefix " + prefix + " outside 0.." + l);
        require(scores, scores.type(), (long) b * h * t * l, "masked_softmax scores");
        if (pos0 != null) require(pos0, DType.I32, 1, "pos0");
        if (alibi != null) require(alibi, DType.F32, h, "alibi slopes");
        if (lengths != null) require(lengths, DType.I32, b, "sequence lengths");
        KernelLaunch launch = launch(typed("masked_softmax", scores.type())).ptr(0, scores).i32(1, b).i32(2, h).i32(3, t)
                .i32(4, l).ptr(5, pos0).f32(6, scale).ptr(7, alibi).i32(8, pos0 != null ? 1 : 0).ptr(9, lengths)
                .i32(10, prefix);
        return new BoundKernel(launch, t, h, b);
    }

    /**
     * Routing of a mixture of experts: gates (N, E) fp32 = each token's softmax over its top k of the router
     * logits (N, E), renormalised over those k, 0 for the experts not chosen (moe.cuh).
     */
    public BoundKernel moeRoute(DeviceBuffer gates, DeviceBuffer logits, int n, int e, int k) {
        require(gates, DType.F32, (long) n * e, "moe_route gates");
        require(logits, logits.type(), (long) n * e, "moe_route logits");
        if (k < 1 || k > e || k > 8) throw new IllegalArgumentException("moe_route: top-k " + k + " must be in 1..min(E, 8)");
        KernelLaunch l = launch(typed("moe_route", logits.type())).ptr(0, gates).ptr(1, logits).i32(2, n).i32(3, e).i32(4, k);
        return new BoundKernel(l, n, 1, 1);
    }

    /** y (N, C) = (accumulate ? y : 0) + gates[:, expert] × z: one expert's share of a mixture's output. */
    public BoundKernel moeCombine(DeviceBuffer y, DeviceBuffer z, DeviceBuffer gates, int n, int c, int e, int expert,
                                  boolean accumulate) {
        require(y, y.type(), (long) n * c, "moe_combine y");
        require(z, y.type(), (long) n * c, "moe_combine z");
        require(gates, DType.F32, (long) n * e, "moe_combine gates");
        if (expert < 0 || expert >= e) throw new IllegalArgumentException("moe_combine: expert " + expert + " of " + e);
        KernelLaunch l = launch(typed("moe_combine", y.type())).ptr(0, y).ptr(1, z).ptr(2, gates).i32(3, n).i32(4, c).i32(5, e)
                .i32(6, expert).i32(7, accumulate ? 1 : 0);
        return elementwise(l, (long) n * c);
    }

    /** x (N, M) = act(x + bias) in place; act is {@code Activation.kernelCode} (0 none, 1 gelu-tanh, 2 relu, 3 silu, 4 gelu-erf). */
    public BoundKernel biasAct(DeviceBuffer x, DeviceBuffer bias, long n, int m, int act) {
        require(x, x.type(), n * m, "bias_act x");
        if (bias != null) require(bias, x.type(), m, "bias_act bias");
        if (act < 0 || act > 6 || act == 5) throw new IllegalArgumentException("bias_act: unknown activation code " + act);
        KernelLaunch l = launch(typed("bias_act", x.type())).ptr(0, x).ptr(1, bias).i64(2, n).i32(3, m).i32(4, act);
        return elementwise(l, n * m);
    }

    /** out (N, I) = silu(gate) * up with gateUp (N, 2I) = [gate | up]. */
    public BoundKernel swiglu(DeviceBuffer out, DeviceBuffer gateUp, long n, int i) {
        require(out, out.type(), n * i, "swiglu out");
        require(gateUp, out.type(), n * 2 * i, "swiglu gate_up");
        KernelLaunch l = launch(typed("swiglu", out.type())).ptr(0, out).ptr(1, gateUp).i64(2, n).i32(3, i);
        return elementwise(l, n * i);
    }

    /** Most rows {@link #gemv} takes: beyond that cuBLASLt's tiles win anyway. */
    public static final int GEMV_MAX_ROWS = 8;

    /** Whether {@link #gemv} can compute this product. */
    public static boolean gemvSupports(DType type, int m, int k) {
        return type != DType.F32 && type != DType.I32 && m >= 1 && m <= GEMV_MAX_ROWS && k % 8 == 0;
    }

    /** y (M, N) = act(x (M, K) W^T + bias) for M <= 8 (act 0 none, 1 gelu-tanh, 2 relu); the decode step's skinny products. */
    public BoundKernel gemv(DeviceBuffer y, DeviceBuffer x, DeviceBuffer w, DeviceBuffer bias, int m, int n, int k, int act) {
        DType dt = x.type();
        if (!gemvSupports(dt, m, k)) throw new IllegalArgumentException("gemv: " + dt + " M=" + m + " K=" + k + " unsupported");
        if (act < 0 || act > 2) throw new IllegalArgumentException("gemv: activation code " + act + " unsupported");
        require(y, dt, (long) m * n, "gemv y");
        require(x, dt, (long) m * k, "gemv x");
        require(w, dt, (long) n * k, "gemv w");
        if (bias != null) require(bias, dt, n, "gemv bias");
        KernelLaunch l = launch(typed("gemv", dt)).ptr(0, y).ptr(1, x).ptr(2, w).ptr(3, bias).i32(4, m).i32(5, n).i32(6, k)
                .i32(7, act);
        return new BoundKernel(l, (n + 3) / 4, 1, 1); // a warp per output column, 4 warps a block (gemv::kWarps)
    }

    /** Most rows of x the weight-only products take (eight n-tiles of the mma); more dequantize for cuBLASLt. */
    public static final int WEIGHT_ONLY_MAX_ROWS = 64;
    /** Rows up to which the narrow weight-only entry points run (one n-tile; fewer registers: two blocks an SM). */
    private static final int WEIGHT_ONLY_NARROW_ROWS = 8;

    /** Whether {@link #gemvW8} can compute this product: 16-bit activations, 1..64 rows, K a multiple of 16. */
    public static boolean gemvW8Supports(DType type, int m, int k) {
        return (type == DType.F16 || type == DType.BF16) && m >= 1 && m <= WEIGHT_ONLY_MAX_ROWS && k % 16 == 0;
    }

    /**
     * y (M, N) = act(x (M, K) (codes (N, K) × scales (N))^T + bias) for M <= 64: the weight-only int8 product of a
     * generation step (weight_only.cuh); {@code codes} (I8) in {@link WeightTiles}' layout.
     */
    public BoundKernel gemvW8(DeviceBuffer y, DeviceBuffer x, DeviceBuffer codes, DeviceBuffer scales, DeviceBuffer bias, int m,
                              int n, int k, int act) {
        DType dt = x.type();
        if (!gemvW8Supports(dt, m, k)) throw new IllegalArgumentException("gemv_w8: " + dt + " M=" + m + " K=" + k + " unsupported");
        if (act < 0 || act > 2) throw new IllegalArgumentException("gemv_w8: activation code " + act + " unsupported");
        require(y, dt, (long) m * n, "gemv_w8 y");
        require(x, dt, (long) m * k, "gemv_w8 x");
        require(codes, DType.I8, WeightTiles.bytes(WeightTiles.Bits.INT8, n, k), "gemv_w8 codes");
        require(scales, dt, n, "gemv_w8 scales");
        if (bias != null) require(bias, dt, n, "gemv_w8 bias");
        String name = m <= WEIGHT_ONLY_NARROW_ROWS ? "gemv_w8" : "gemv_w8_wide";
        KernelLaunch l = launch(typed(name, dt)).ptr(0, y).ptr(1, x).ptr(2, codes).ptr(3, scales).ptr(4, bias).i32(5, m)
                .i32(6, n).i32(7, k).i32(8, act);
        return new BoundKernel(l, tileRows(n), 1, 1);
    }

    /** out (N, K) = codes (N, K) × scales (N): an int8 weight made dense for a dense product (the context phase). */
    public BoundKernel dequantizeW8(DeviceBuffer out, DeviceBuffer codes, DeviceBuffer scales, int n, int k) {
        DType dt = out.type();
        if (k % 16 != 0) throw new IllegalArgumentException("dequantize_w8: K=" + k + " unsupported");
        require(out, dt, (long) n * k, "dequantize_w8 out");
        long bytes = WeightTiles.bytes(WeightTiles.Bits.INT8, n, k);
        require(codes, DType.I8, bytes, "dequantize_w8 codes");
        require(scales, dt, n, "dequantize_w8 scales");
        KernelLaunch l = launch(typed("dequantize_w8", dt)).ptr(0, out).ptr(1, codes).ptr(2, scales).i32(3, n).i32(4, k);
        return elementwise(l, bytes / 16); // a thread per lane's 16 bytes
    }

    /** Random int8 codes, each rint(127 · u) in [-127, 127] stored + 128 (the uniform u of {@link #initUniform}). */
    public BoundKernel initCodesI8(DeviceBuffer out, long seed) {
        require(out, DType.I8, out.elements(), "init_codes_i8 out");
        return elementwise(launch("init_codes_i8").ptr(0, out).i64(1, out.elements()).i64(2, seed), out.elements());
    }

    /**
     * Whether {@link #gemvW4} can compute this product: 16-bit activations, 1..64 rows, K a multiple of 16, one group
     * of all K or groups of a multiple of 64 inputs that divide K.
     */
    public static boolean gemvW4Supports(DType type, int m, int k, int group) {
        return (type == DType.F16 || type == DType.BF16) && m >= 1 && m <= WEIGHT_ONLY_MAX_ROWS && int4Shape(k, group);
    }

    /** K and group sizes the int4 kernels take: K a multiple of 16; a group of all K, or of a multiple of 64 dividing K. */
    public static boolean int4Shape(int k, int group) {
        return k % 16 == 0 && k > 0 && group > 0 && (group == k || group % 64 == 0 && k % group == 0);
    }

    /**
     * y (M, N) = act(x (M, K) W^T + bias) for M <= 64 with W[n, k] = (code − zero[n, k / group]) × scale[n, k / group]:
     * the weight-only int4 product of a generation step (weight_only.cuh). {@code codes} (I8) in {@link WeightTiles}'
     * layout; {@code scales} (the activations' type) and {@code zeros} (I8, 0..15) N × K / group each.
     */
    public BoundKernel gemvW4(DeviceBuffer y, DeviceBuffer x, DeviceBuffer codes, DeviceBuffer scales, DeviceBuffer zeros,
                              DeviceBuffer bias, int m, int n, int k, int group, int act) {
        DType dt = x.type();
        if (!gemvW4Supports(dt, m, k, group)) {
            throw new IllegalArgumentException("gemv_w4: " + dt + " M=" + m + " K=" + k + " group " + group + " unsupported");
        }
        if (act < 0 || act > 2) throw new IllegalArgumentException("gemv_w4: activation code " + act + " unsupported");
        require(y, dt, (long) m * n, "gemv_w4 y");
        require(x, dt, (long) m * k, "gemv_w4 x");
        require(codes, DType.I8, WeightTiles.bytes(WeightTiles.Bits.INT4, n, k), "gemv_w4 codes");
        require(scales, dt, (long) n * (k / group), "gemv_w4 scales");
        require(zeros, DType.I8, (long) n * (k / group), "gemv_w4 zeros");
        if (bias != null) require(bias, dt, n, "gemv_w4 bias");
        String name = m <= WEIGHT_ONLY_NARROW_ROWS ? "gemv_w4" : "gemv_w4_wide";
        KernelLaunch l = launch(typed(name, dt)).ptr(0, y).ptr(1, x).ptr(2, codes).ptr(3, scales).ptr(4, zeros).ptr(5, bias)
                .i32(6, m).i32(7, n).i32(8, k).i32(9, group).i32(10, act);
        return new BoundKernel(l, tileRows(n), 1, 1);
    }

    /** out (N, K) = (codes − zeros) × scales by groups of {@code group} inputs: an int4 weight made dense (the context phase). */
    public BoundKernel dequantizeW4(DeviceBuffer out, DeviceBuffer codes, DeviceBuffer scales, DeviceBuffer zeros, int n, int k,
                                    int group) {
        DType dt = out.type();
        if (!int4Shape(k, group)) throw new IllegalArgumentException("dequantize_w4: K=" + k + " group " + group + " unsupported");
        require(out, dt, (long) n * k, "dequantize_w4 out");
        long bytes = WeightTiles.bytes(WeightTiles.Bits.INT4, n, k);
        require(codes, DType.I8, bytes, "dequantize_w4 codes");
        require(scales, dt, (long) n * (k / group), "dequantize_w4 scales");
        require(zeros, DType.I8, (long) n * (k / group), "dequantize_w4 zeros");
        KernelLaunch l = launch(typed("dequantize_w4", dt)).ptr(0, out).ptr(1, codes).ptr(2, scales).ptr(3, zeros)
                .i32(4, n).i32(5, k).i32(6, group);
        return elementwise(l, bytes / 16); // a thread per lane's 16 bytes
    }

    /** Blocks of the weight-only products: one per 16 rows of W (weight_only::kTileRows). */
    private static int tileRows(int n) {
        return (n + WeightTiles.TILE_ROWS - 1) / WeightTiles.TILE_ROWS;
    }

    /** Random packed int4 codes, two a byte, each rint(7.5 (u + 1)) in 0..15 (the uniform u of {@link #initUniform}). */
    public BoundKernel initCodesI4(DeviceBuffer out, long seed) {
        require(out, DType.I8, out.elements(), "init_codes_i4 out");
        return elementwise(launch("init_codes_i4").ptr(0, out).i64(1, out.elements()).i64(2, seed), out.elements());
    }

    /**
     * {@link #gemv} for expert {@code e} of {@code experts}, skipped where {@code gates} (M, experts; fp32, moe_route's)
     * chose it for no row: y is then left as it was (moe_combine adds nothing of it).
     */
    public BoundKernel gemvGated(DeviceBuffer y, DeviceBuffer x, DeviceBuffer w, DeviceBuffer bias, int m, int n, int k, int act,
                                 DeviceBuffer gates, int experts, int e) {
        DType dt = x.type();
        if (!gemvSupports(dt, m, k)) throw new IllegalArgumentException("gemv_gated: " + dt + " M=" + m + " K=" + k + " unsupported");
        if (act < 0 || act > 2) throw new IllegalArgumentException("gemv_gated: activation code " + act + " unsupported");
        if (e < 0 || e >= experts) throw new IllegalArgumentException("gemv_gated: expert " + e + " of " + experts);
        require(y, dt, (long) m * n, "gemv_gated y");
        require(x, dt, (long) m * k, "gemv_gated x");
        require(w, dt, (long) n * k, "gemv_gated w");
        if (bias != null) require(bias, dt, n, "gemv_gated bias");
        require(gates, DType.F32, (long) m * experts, "gemv_gated gates");
        KernelLaunch l = launch(typed("gemv_gated", dt)).ptr(0, y).ptr(1, x).ptr(2, w).ptr(3, bias).i32(4, m).i32(5, n).i32(6, k)
                .i32(7, act).ptr(8, gates).i32(9, experts).i32(10, e);
        return new BoundKernel(l, (n + 3) / 4, 1, 1); // as gemv
    }

    /** y += x. */
    public BoundKernel add(DeviceBuffer y, DeviceBuffer x, long n) {
        require(y, y.type(), n, "add y");
        require(x, y.type(), n, "add x");
        return elementwise(launch(typed("add", y.type())).ptr(0, y).ptr(1, x).i64(2, n), n);
    }

    /** out = alpha × x + y, one rounding (GLM's residual: out may be x or y). */
    public BoundKernel scaledAdd(DeviceBuffer out, DeviceBuffer x, DeviceBuffer y, float alpha, long n) {
        require(out, out.type(), n, "scaled_add out");
        require(x, out.type(), n, "scaled_add x");
        require(y, out.type(), n, "scaled_add y");
        return elementwise(launch(typed("scaled_add", out.type())).ptr(0, out).ptr(1, x).ptr(2, y).f32(3, alpha).i64(4, n), n);
    }

    /** out (B, C) = the last of each sequence's T rows of in (B*T, C). */
    public BoundKernel gatherLastRows(DeviceBuffer out, DeviceBuffer in, int b, int t, int c) {
        require(out, in.type(), (long) b * c, "gather out");
        require(in, in.type(), (long) b * t * c, "gather in");
        KernelLaunch l = launch(typed("gather_last_rows", in.type())).ptr(0, out).ptr(1, in).i32(2, b).i32(3, t).i32(4, c);
        return new BoundKernel(l, b, 1, 1);
    }

    /** Greedy sampling: next[b] = argmax logits[b] (lowest index on ties), also stored at outTokens[b, step]. */
    public BoundKernel argmax(DeviceBuffer logits, int b, int v, DeviceBuffer next, DeviceBuffer outTokens, int outLen,
                              DeviceBuffer step) {
        require(logits, logits.type(), (long) b * v, "argmax logits");
        require(next, DType.I32, b, "argmax next tokens");
        require(outTokens, DType.I32, (long) b * outLen, "argmax out tokens");
        require(step, DType.I32, 1, "step");
        KernelLaunch l = launch(typed("argmax", logits.type())).ptr(0, logits).i32(1, b).i32(2, v).ptr(3, next)
                .ptr(4, outTokens).i32(5, outLen).ptr(6, step);
        return new BoundKernel(l, b, 1, 1);
    }

    // ---- checks -------------------------------------------------------------------------------------

    /** The elementwise launch: grid-stride loops over {@code n} elements, min(ceil(n / block), 65535) blocks. */
    static BoundKernel elementwise(KernelLaunch l, long n) {
        return new BoundKernel(l, KernelLaunch.gridFor(n, l.block()), 1, 1);
    }

    private static void checkHeads(int h, int kv, int d) {
        if (d > MAX_HEAD_DIM || d <= 0) {
            throw new LlmbenchException("head dimension " + d + " is not supported by the attention kernels (1.."
                    + MAX_HEAD_DIM + ")");
        }
        if (kv <= 0 || h % kv != 0) {
            throw new LlmbenchException("query heads " + h + " must be a multiple of key/value heads " + kv);
        }
    }

    /** The buffer holds {@code type} and at least {@code elements}. */
    static void require(DeviceBuffer b, DType type, long elements, String role) {
        if (b == null) throw new IllegalArgumentException(role + ": buffer is null");
        if (b.type() != type) throw new IllegalArgumentException(role + ": " + b.describe() + " is not " + type);
        if (b.elements() < elements) {
            throw new IllegalArgumentException(role + ": " + b.describe() + " is smaller than " + elements + " elements");
        }
    }
}
