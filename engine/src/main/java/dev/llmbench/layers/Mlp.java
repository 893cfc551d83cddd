package dev.llmbench.layers;

import dev.llmbench.cuda.BoundKernel;
import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.model.Activation;
import dev.llmbench.model.ModelConfig;

import java.util.List;

/** The feed-forward block: down(act(up x)), or down(silu(gate x) * up x) for SwiGLU (gate and up fused in one product). */
public final class Mlp implements FeedForward {
    private final LayerContext ctx;
    private final Linear up;
    private final Linear down;

    public Mlp(LayerContext ctx, Linear up, Linear down) {
        this.ctx = ctx;
        this.up = up;
        this.down = down;
    }

    /** input (rows, C) → buf.projected (rows, C). */
    @Override
    public List<Op> forward(DeviceBuffer input, BlockBuffers buf, int rows) {
        ModelConfig c = ctx.config();
        if (c.arch().activation() == Activation.SWIGLU) {
            BoundKernel swiglu = ctx.kernels().swiglu(buf.mlpAct(), buf.mlpUp(), rows, c.mlpSize());
            return List.of(
                    up.forward(buf.mlpUp(), input, rows, Activation.NONE),
                    Op.of("activation", () -> swiglu.run(ctx.stream())),
                    down.forward(buf.projected(), buf.mlpAct(), rows, Activation.NONE));
        }
        return List.of(
                up.forward(buf.mlpUp(), input, rows, c.arch().activation()),
                down.forward(buf.projected(), buf.mlpUp(), rows, Activation.NONE));
    }
}
