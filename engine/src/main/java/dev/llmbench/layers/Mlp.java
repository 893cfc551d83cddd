package dev.llmbench.layers;

import dev.llmbench.cuda.BoundKernel;
import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.model.Activation;
import dev.llmbench.model.ModelConfig;

import java.util.ArrayList;
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
        return forward(input, buf, rows, null);
    }

    /**
     * As {@link #forward(DeviceBuffer, BlockBuffers, int)} for one expert of a mixture: its products gated by {@code gate}.
     * A dense MLP ends in the context's all-reduce (a tensor-parallel rank's output is a partial sum; on one GPU there
     * is none); an expert's output is not reduced alone: the mixture reduces the sum of its experts.
     */
    public List<Op> forward(DeviceBuffer input, BlockBuffers buf, int rows, ExpertGate gate) {
        ModelConfig c = ctx.config();
        List<Op> ops = new ArrayList<>();
        if (c.arch().activation() == Activation.SWIGLU) {
            BoundKernel swiglu = ctx.kernels().swiglu(buf.mlpAct(), buf.mlpUp(), rows, ctx.mlp());
            ops.add(product(up, buf.mlpUp(), input, rows, Activation.NONE, gate));
            ops.add(Op.of("activation", () -> swiglu.run(ctx.stream())));
            ops.add(product(down, buf.projected(), buf.mlpAct(), rows, Activation.NONE, gate));
        } else {
            ops.add(product(up, buf.mlpUp(), input, rows, c.arch().activation(), gate));
            ops.add(product(down, buf.projected(), buf.mlpUp(), rows, Activation.NONE, gate));
        }
        if (gate == null) { // an expert's output is combined first, then reduced (MixtureOfExperts)
            ops.addAll(ctx.allReduce().sum(buf.projected(), (long) rows * c.hiddenSize(), ctx.stream()));
        }
        return ops;
    }

    private static Op product(Linear linear, DeviceBuffer out, DeviceBuffer in, int rows, Activation act, ExpertGate gate) {
        return gate == null ? linear.forward(out, in, rows, act) : linear.forward(out, in, rows, act, gate);
    }
}
