package dev.llmbench.layers;

import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.model.BlockLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * One transformer block. Its residual adds are fused into the norms: a pre-norm block leaves its MLP
 * output in {@code projected} and the NEXT norm (the next block's attn_norm, or the final norm) adds it
 * to the residual stream. So for pre-norm:
 * <pre>
 *   normed = attn_norm(residual += pending)     pending: the previous block's MLP output (none for block 0)
 *   projected = attention(normed)
 *   normed = mlp_norm(residual += projected)
 *   projected = mlp(normed)                      → pending for the next norm
 * </pre>
 * and for post-norm (opt_350m), where each norm closes its own residual add:
 * <pre>
 *   projected = attention(residual);  residual = attn_norm(residual + projected)
 *   projected = mlp(residual);        residual = mlp_norm(residual + projected)
 * </pre>
 */
public final class DecoderBlock {
    private final boolean preNorm;
    private final Norm attnNorm;
    private final Norm mlpNorm;
    private final Attention attention;
    private final Mlp mlp;

    public DecoderBlock(BlockLayout layout, Norm attnNorm, Norm mlpNorm, Attention attention, Mlp mlp) {
        this.preNorm = switch (layout) {
            case PRE_NORM -> true;
            case POST_NORM -> false;
            case PARALLEL, PARALLEL_TWO_NORMS -> throw new IllegalArgumentException("block layout " + layout + " is not implemented");
        };
        this.attnNorm = attnNorm;
        this.mlpNorm = mlpNorm;
        this.attention = attention;
        this.mlp = mlp;
    }

    /** The prompt phase over batch × t rows; {@code pending} is the previous block's un-added output, or null. */
    public List<Op> context(BlockBuffers buf, DeviceBuffer pending, int batch, int t, DeviceBuffer pos0) {
        int rows = batch * t;
        List<Op> ops = new ArrayList<>();
        if (preNorm) {
            ops.add(attnNorm.addAndNormalize(buf.residual(), pending, buf.normed(), rows));
            ops.addAll(attention.context(buf.normed(), buf, batch, t, pos0));
            ops.add(mlpNorm.addAndNormalize(buf.residual(), buf.projected(), buf.normed(), rows));
            ops.addAll(mlp.forward(buf.normed(), buf, rows));
        } else {
            ops.addAll(attention.context(buf.residual(), buf, batch, t, pos0));
            ops.add(attnNorm.addAndNormalize(buf.residual(), buf.projected(), buf.residual(), rows));
            ops.addAll(mlp.forward(buf.residual(), buf, rows));
            ops.add(mlpNorm.addAndNormalize(buf.residual(), buf.projected(), buf.residual(), rows));
        }
        return ops;
    }

    /** One generation step over batch rows (same dataflow as {@link #context}). */
    public List<Op> decode(BlockBuffers buf, DeviceBuffer pending, int batch, DeviceBuffer pos0, DeviceBuffer seqLen, int splits) {
        List<Op> ops = new ArrayList<>();
        if (preNorm) {
            ops.add(attnNorm.addAndNormalize(buf.residual(), pending, buf.normed(), batch));
            ops.addAll(attention.decode(buf.normed(), buf, batch, pos0, seqLen, splits));
            ops.add(mlpNorm.addAndNormalize(buf.residual(), buf.projected(), buf.normed(), batch));
            ops.addAll(mlp.forward(buf.normed(), buf, batch));
        } else {
            ops.addAll(attention.decode(buf.residual(), buf, batch, pos0, seqLen, splits));
            ops.add(attnNorm.addAndNormalize(buf.residual(), buf.projected(), buf.residual(), batch));
            ops.addAll(mlp.forward(buf.residual(), buf, batch));
            ops.add(mlpNorm.addAndNormalize(buf.residual(), buf.projected(), buf.residual(), batch));
        }
        return ops;
    }

    /** Whether this block leaves an output that the next norm must add (pre-norm) or has added it itself. */
    public boolean leavesPendingOutput() {
        return preNorm;
    }
}
