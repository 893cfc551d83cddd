package dev.llmbench.layers;

import dev.llmbench.cuda.BoundKernel;
import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.model.NormKind;

/**
 * LayerNorm or RMSNorm, with the residual add before it: residual += delta; out = norm(residual). In
 * plugin mode one kernel does both (one pass over the rows instead of three); otherwise an add kernel
 * runs first. {@code out} may be the residual itself (post-norm models).
 */
public final class Norm {
    private final LayerContext ctx;
    private final DeviceBuffer gamma;
    private final DeviceBuffer beta;

    public Norm(LayerContext ctx, DeviceBuffer gamma, DeviceBuffer beta) {
        this.ctx = ctx;
        this.gamma = gamma;
        this.beta = beta;
    }

    /** residual += delta (delta may be null: no add); out = norm(residual); over {@code rows} rows. */
    public Op addAndNormalize(DeviceBuffer residual, DeviceBuffer delta, DeviceBuffer out, int rows) {
        int c = ctx.config().hiddenSize();
        if (ctx.fused() || delta == null) {
            BoundKernel k = normKernel(residual, delta, out, rows, c);
            return Op.of("norm", () -> k.run(ctx.stream()));
        }
        BoundKernel add = ctx.kernels().add(residual, delta, (long) rows * c);
        BoundKernel norm = normKernel(residual, null, out, rows, c);
        return Op.of("add+norm", () -> {
            add.run(ctx.stream());
            norm.run(ctx.stream());
        });
    }

    private BoundKernel normKernel(DeviceBuffer residual, DeviceBuffer delta, DeviceBuffer out, int rows, int c) {
        float eps = ctx.config().arch().normEps();
        return ctx.config().arch().norm() == NormKind.RMS_NORM
                ? ctx.kernels().addRmsNorm(residual, delta, out, gamma, rows, c, eps)
                : ctx.kernels().addLayerNorm(residual, delta, out, gamma, beta, rows, c, eps);
    }
}
