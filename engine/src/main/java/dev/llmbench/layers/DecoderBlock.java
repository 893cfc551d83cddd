package dev.llmbench.layers;

import dev.llmbench.cuda.BoundKernel;
import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.model.BlockLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One transformer block. Its residual adds are fused into the norms where it can: a pre-norm or parallel
 * block leaves its MLP output in {@code projected} and the NEXT norm (the next block's attn_norm, or the
 * final norm) adds it to the residual stream. So for pre-norm:
 * <pre>
 *   normed = attn_norm(residual += pending)     pending: the previous block's MLP output (none for block 0)
 *   projected = attention(normed)
 *   normed = mlp_norm(residual += projected)
 *   projected = mlp(normed)                      → pending for the next norm
 * </pre>
 * for post-norm (opt_350m), where each norm closes its own residual add:
 * <pre>
 *   projected = attention(residual);  residual = attn_norm(residual + projected)
 *   projected = mlp(residual);        residual = mlp_norm(residual + projected)
 * </pre>
 * and for the parallel blocks, where attention and MLP both read the block's input (GPT-J, Falcon 7B: one
 * norm; GPT-NeoX, Falcon 40B: two):
 * <pre>
 *   normed = attn_norm(residual += pending)
 *   mlpNormed = mlp_norm(residual)                two norms only; with one, the MLP reads normed
 *   projected = attention(normed);  residual += projected
 *   projected = mlp(normed or mlpNormed)          → pending for the next norm
 * </pre>
 * and for GLM (ChatGLM-6B), whose residual is the normed input scaled by alpha = sqrt(2 × layers), each half closing
 * its own:
 * <pre>
 *   normed = attn_norm(residual);  projected = attention(normed);  residual = alpha · normed + projected
 *   normed = mlp_norm(residual);   projected = mlp(normed);        residual = alpha · normed + projected
 * </pre>
 */
public final class DecoderBlock {
    private final LayerContext ctx;
    private final BlockLayout layout;
    private final Norm attnNorm;
    private final Norm mlpNorm; // null in a parallel block with one norm
    private final Attention attention;
    private final FeedForward mlp; // a dense MLP or a mixture of experts

    public DecoderBlock(LayerContext ctx, BlockLayout layout, Norm attnNorm, Norm mlpNorm, Attention attention, FeedForward mlp) {
        if ((mlpNorm == null) != (layout == BlockLayout.PARALLEL)) {
            throw new IllegalArgumentException("a " + layout + " block has " + (layout == BlockLayout.PARALLEL ? "one norm" : "two norms"));
        }
        this.ctx = ctx;
        this.layout = layout;
        this.attnNorm = attnNorm;
        this.mlpNorm = mlpNorm;
        this.attention = attention;
        this.mlp = mlp;
    }

    /** The prompt phase over batch × t rows; {@code pending} is the previous block's un-added output, or null. */
    public List<Op> context(BlockBuffers buf, DeviceBuffer pending, int batch, int t, DeviceBuffer pos0) {
        return ops(buf, pending, batch * t, in -> attention.context(in, buf, batch, t, pos0));
    }

    /** One generation step over batch rows (same dataflow as {@link #context}). */
    public List<Op> decode(BlockBuffers buf, DeviceBuffer pending, int batch, DeviceBuffer pos0, DeviceBuffer seqLen, int splits) {
        return ops(buf, pending, batch, in -> attention.decode(in, buf, batch, pos0, seqLen, splits));
    }

    /** The block's ops over {@code rows} rows, with {@code attend} the attention of the phase (input → buf.projected). */
    private List<Op> ops(BlockBuffers buf, DeviceBuffer pending, int rows, Function<DeviceBuffer, List<Op>> attend) {
        List<Op> ops = new ArrayList<>();
        switch (layout) {
            case PRE_NORM -> {
                ops.add(attnNorm.addAndNormalize(buf.residual(), pending, buf.normed(), rows));
                ops.addAll(attend.apply(buf.normed()));
                ops.add(mlpNorm.addAndNormalize(buf.residual(), buf.projected(), buf.normed(), rows));
                ops.addAll(mlp.forward(buf.normed(), buf, rows));
            }
            case POST_NORM -> {
                ops.addAll(attend.apply(buf.residual()));
                ops.add(attnNorm.addAndNormalize(buf.residual(), buf.projected(), buf.residual(), rows));
                ops.addAll(mlp.forward(buf.residual(), buf, rows));
                ops.add(mlpNorm.addAndNormalize(buf.residual(), buf.projected(), buf.residual(), rows));
            }
            case GLM -> {
                ops.add(attnNorm.addAndNormalize(buf.residual(), null, buf.normed(), rows));
                ops.addAll(attend.apply(buf.normed()));
                ops.add(glmResidual(buf, rows));
                ops.add(mlpNorm.addAndNormalize(buf.residual(), null, buf.normed(), rows));
                ops.addAll(mlp.forward(buf.normed(), buf, rows));
                ops.add(glmResidual(buf, rows));
            }
            case PARALLEL, PARALLEL_TWO_NORMS -> {
                ops.add(attnNorm.addAndNormalize(buf.residual(), pending, buf.normed(), rows));
                DeviceBuffer mlpInput = buf.normed();
                if (mlpNorm != null) {
                    ops.add(mlpNorm.addAndNormalize(buf.residual(), null, buf.mlpNormed(), rows));
                    mlpInput = buf.mlpNormed();
                }
                ops.addAll(attend.apply(buf.normed()));
                BoundKernel add = ctx.kernels().add(buf.residual(), buf.projected(), (long) rows * ctx.config().hiddenSize());
                ops.add(Op.of("add", () -> add.run(ctx.stream())));
                ops.addAll(mlp.forward(mlpInput, buf, rows));
            }
        }
        return ops;
    }

    /** residual = alpha · normed + projected: GLM's residual over the normed input. */
    private Op glmResidual(BlockBuffers buf, int rows) {
        float alpha = (float) BlockLayout.glmAlpha(ctx.config().numLayers());
        BoundKernel k = ctx.kernels().scaledAdd(buf.residual(), buf.normed(), buf.projected(), alpha,
                (long) rows * ctx.config().hiddenSize());
        return Op.of("add", () -> k.run(ctx.stream()));
    }

    /** Whether this block leaves an output that the next norm must add (pre-norm, parallel) or has added it itself. */
    public boolean leavesPendingOutput() {
        return layout != BlockLayout.POST_NORM && layout != BlockLayout.GLM;
    }
}
