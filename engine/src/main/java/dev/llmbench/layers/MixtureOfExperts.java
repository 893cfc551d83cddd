package dev.llmbench.layers;

import dev.llmbench.cuda.BoundKernel;
import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.model.Activation;
import dev.llmbench.model.ModelConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * A mixture of experts in place of the MLP (Mixtral, gpt_350m_moe): the router's logits (a linear layer),
 * each token's top-k gates (moe_route), then every expert's MLP over all rows, each output added with its
 * gate (moe_combine; the gate is 0 where a token did not choose the expert). Every expert's ops are bound for
 * every row so the step's shapes are fixed (a captured graph replays them); in a generation step (plugin mode,
 * dense experts, products our GEMV computes) an expert's products are skipped on the GPU when no row chose it
 * (gemv_gated), so a step reads only the chosen experts' weights. The context phase's products (cuBLASLt), int8
 * and int4 experts (the weight-only products have no gate yet) and activations the GEMV lacks still run every expert on every row.
 * A tensor-parallel rank holds its block of every expert's inner size (the router whole, so every rank gates the
 * same): its combined output is a partial sum, all-reduced once after the last expert.
 */
public final class MixtureOfExperts implements FeedForward {
    private final LayerContext ctx;
    private final Linear router;
    private final List<Mlp> experts;
    private final DeviceBuffer routerLogits; // (N, E)
    private final DeviceBuffer gates;        // (N, E) fp32
    private final DeviceBuffer expertOut;    // (N, C)

    public MixtureOfExperts(LayerContext ctx, Linear router, List<Mlp> experts, DeviceBuffer routerLogits, DeviceBuffer gates,
                            DeviceBuffer expertOut) {
        this.ctx = ctx;
        this.router = router;
        this.experts = List.copyOf(experts);
        this.routerLogits = routerLogits;
        this.gates = gates;
        this.expertOut = expertOut;
    }

    @Override
    public List<Op> forward(DeviceBuffer input, BlockBuffers buf, int rows) {
        ModelConfig c = ctx.config();
        int count = experts.size();
        List<Op> ops = new ArrayList<>();
        ops.add(router.forward(routerLogits, input, rows, Activation.NONE));
        BoundKernel route = ctx.kernels().moeRoute(gates, routerLogits, rows, count, c.arch().experts().topK());
        ops.add(Op.of("moe_route", () -> route.run(ctx.stream())));
        for (int e = 0; e < count; e++) {
            // each expert is an MLP writing expertOut (a block-buffer view in which projected is that output)
            BlockBuffers expertBuf = new BlockBuffers(buf.residual(), buf.normed(), buf.mlpNormed(), buf.qkv(), buf.attention(),
                    expertOut, buf.mlpUp(), buf.mlpAct(), buf.partialO(), buf.partialMl(), buf.scores(), buf.headsOut());
            ops.addAll(experts.get(e).forward(input, expertBuf, rows, new ExpertGate(gates, count, e)));
            BoundKernel combine = ctx.kernels().moeCombine(buf.projected(), expertOut, gates, rows, c.hiddenSize(), count, e, e > 0);
            ops.add(Op.of("moe_combine", () -> combine.run(ctx.stream())));
        }
        ops.addAll(ctx.allReduce().sum(buf.projected(), (long) rows * c.hiddenSize(), ctx.stream()));
        return ops;
    }
}
