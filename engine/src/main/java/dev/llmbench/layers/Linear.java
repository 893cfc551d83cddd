package dev.llmbench.layers;

import dev.llmbench.cuda.BoundKernel;
import dev.llmbench.cuda.CublasLt;
import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.cuda.Epilogue;
import dev.llmbench.cuda.Event;
import dev.llmbench.cuda.Kernels;
import dev.llmbench.cuda.MatmulShape;
import dev.llmbench.model.Activation;

/**
 * y = act(x W^T + b) with W (out, in), dense or int8 weight-only ({@link LinearWeight}): the one place that
 * picks the product. Dense: in plugin mode bias and GELU/ReLU ride in cuBLASLt's epilogue, cuBLASLt's
 * candidate algorithms for the shape are timed at build and the fastest kept (near-ties: the heuristic's
 * order), and a skinny product (at most 8 rows: a generation step) is also timed against our GEMV kernel,
 * keeping the GEMV where it is more than 3 % faster; in the other modes the product is followed by a separate
 * bias/activation kernel. An activation no epilogue computes (the exact erf GELU of BERT, GPT-NeoX and Falcon;
 * SiLU) takes a separate kernel in every mode: in plugin mode after the tuned product with the bias in its
 * epilogue, in the others with the bias.
 * Int8 weight-only, in every mode: up to 64 rows (a generation step, a short context) our tensor-core product
 * reads the codes and applies scales, bias and activation (gemv_w8); more rows (the context phase) dequantize W
 * into the shared scratch and run the dense product on it. Int4 weight-only (per channel, AWQ and GPTQ groups)
 * the same way with gemv_w4 and dequantize_w4.
 */
public final class Linear {
    private static final int TUNING_RUNS = 20;

    private final LayerContext ctx;
    private final LinearWeight weight;
    private final DeviceBuffer bias;
    private final int outFeatures;
    private final int inFeatures;
    /** Every tensor-parallel rank computes this layer whole on the same input (the LM head, a router). */
    private final boolean replicated;

    /** A dense layer: W (out, in) in the activations' type. */
    public Linear(LayerContext ctx, DeviceBuffer weight, DeviceBuffer bias, int outFeatures, int inFeatures) {
        this(ctx, new LinearWeight.Dense(weight), bias, outFeatures, inFeatures, false);
    }

    public Linear(LayerContext ctx, LinearWeight weight, DeviceBuffer bias, int outFeatures, int inFeatures) {
        this(ctx, weight, bias, outFeatures, inFeatures, false);
    }

    private Linear(LayerContext ctx, LinearWeight weight, DeviceBuffer bias, int outFeatures, int inFeatures, boolean replicated) {
        this.ctx = ctx;
        this.weight = weight;
        this.bias = bias;
        this.outFeatures = outFeatures;
        this.inFeatures = inFeatures;
        this.replicated = replicated;
    }

    /**
     * A dense layer every tensor-parallel rank computes whole on the same input (the LM head, a mixture's router).
     * Over several ranks its product is chosen without timing (our GEMV where it takes the shape, else cuBLASLt's
     * first heuristic choice): each rank's timing could pick another algorithm, round its outputs apart and let a
     * near-tie send the ranks to other tokens or experts.
     */
    public static Linear replicated(LayerContext ctx, DeviceBuffer weight, DeviceBuffer bias, int outFeatures, int inFeatures) {
        return new Linear(ctx, new LinearWeight.Dense(weight), bias, outFeatures, inFeatures, true);
    }

    /**
     * As {@link #forward(DeviceBuffer, DeviceBuffer, int, Activation)} for an expert's product: in plugin mode, for a
     * dense weight our GEMV can take (a generation step), the rows' gates decide on the GPU whether it runs at all;
     * the GEMV is then taken without timing it against cuBLASLt, since a skipped expert costs only its launch.
     */
    public Op forward(DeviceBuffer out, DeviceBuffer in, int rows, Activation act, ExpertGate gate) {
        if (ctx.fused() && inKernel(act) && weight instanceof LinearWeight.Dense d && Kernels.gemvSupports(in.type(), rows, inFeatures)) {
            BoundKernel gated = ctx.kernels().gemvGated(out, in, d.weight(), bias, rows, outFeatures, inFeatures, act.kernelCode,
                    gate.gates(), gate.experts(), gate.expert());
            return Op.of("gemv", () -> gated.run(ctx.stream()));
        }
        return forward(out, in, rows, act);
    }

    /** out (rows, outFeatures) = act(in (rows, inFeatures) W^T + b); act is elementwise (not SwiGLU). */
    public Op forward(DeviceBuffer out, DeviceBuffer in, int rows, Activation act) {
        if (act == Activation.SWIGLU) {
            throw new IllegalArgumentException("a linear layer applies no " + act + " (it takes two products' outputs)");
        }
        if (weight instanceof LinearWeight.Int8PerChannel q) return int8(q, out, in, rows, act);
        if (weight instanceof LinearWeight.Int4Grouped q) return int4(q, out, in, rows, act);
        return dense(((LinearWeight.Dense) weight).weight(), out, in, rows, act);
    }

    private Op int8(LinearWeight.Int8PerChannel q, DeviceBuffer out, DeviceBuffer in, int rows, Activation act) {
        if (inKernel(act) && Kernels.gemvW8Supports(in.type(), rows, inFeatures)) {
            BoundKernel gemv = ctx.kernels().gemvW8(out, in, q.codes(), q.scales(), bias, rows, outFeatures, inFeatures,
                    act.kernelCode);
            return Op.of("gemv_w8", () -> gemv.run(ctx.stream()));
        }
        DeviceBuffer w = q.scratch().slice("dequantized weight", 0, (long) outFeatures * inFeatures);
        BoundKernel dequantize = ctx.kernels().dequantizeW8(w, q.codes(), q.scales(), outFeatures, inFeatures);
        dequantize.run(ctx.stream()); // the dense path times its candidates at build on a real weight
        Op product = dense(w, out, in, rows, act);
        return Op.of("dequantize+" + product.family(), () -> {
            dequantize.run(ctx.stream());
            product.run();
        });
    }

    /** As {@link #int8}: up to 64 rows our int4 product (gemv_w4), more rows the dense product on W dequantized. */
    private Op int4(LinearWeight.Int4Grouped q, DeviceBuffer out, DeviceBuffer in, int rows, Activation act) {
        if (inKernel(act) && Kernels.gemvW4Supports(in.type(), rows, inFeatures, q.group())) {
            BoundKernel gemv = ctx.kernels().gemvW4(out, in, q.codes(), q.scales(), q.zeros(), bias, rows, outFeatures, inFeatures,
                    q.group(), act.kernelCode);
            return Op.of("gemv_w4", () -> gemv.run(ctx.stream()));
        }
        DeviceBuffer w = q.scratch().slice("dequantized weight", 0, (long) outFeatures * inFeatures);
        BoundKernel dequantize = ctx.kernels().dequantizeW4(w, q.codes(), q.scales(), q.zeros(), outFeatures, inFeatures, q.group());
        dequantize.run(ctx.stream()); // the dense path times its candidates at build on a real weight
        Op product = dense(w, out, in, rows, act);
        return Op.of("dequantize+" + product.family(), () -> {
            dequantize.run(ctx.stream());
            product.run();
        });
    }

    private Op dense(DeviceBuffer weight, DeviceBuffer out, DeviceBuffer in, int rows, Activation act) {
        if (ctx.fused() && !inKernel(act)) return productThenActivation(weight, out, in, rows, act);
        if (ctx.fused()) {
            MatmulShape shape = MatmulShape.linear(in.type(), rows, outFeatures, inFeatures, epilogue(act));
            boolean untimed = replicated && ctx.shard().size() > 1; // the same choice on every rank
            double cublasMillis = untimed ? Double.NaN : ctx.cublasLt().tune(shape, in, weight, out, bias);
            Op cublas = Op.of("gemm", () -> ctx.cublasLt().matmul(shape, in, weight, out, bias));
            if (!Kernels.gemvSupports(in.type(), rows, inFeatures)) return cublas;
            BoundKernel gemv = ctx.kernels().gemv(out, in, weight, bias, rows, outFeatures, inFeatures, act.kernelCode);
            Op custom = Op.of("gemv", () -> gemv.run(ctx.stream()));
            if (untimed) return custom;
            return CublasLt.clearlyFaster(millis(custom), cublasMillis) ? custom : cublas; // near-ties: cuBLASLt
        }
        boolean needsKernel = bias != null || act != Activation.NONE;
        if (!needsKernel) {
            return Op.of("gemm", () -> ctx.cublasLt().linear(out, in, weight, null, rows, outFeatures, inFeatures, Epilogue.NONE));
        }
        BoundKernel biasAct = ctx.kernels().biasAct(out, bias, rows, outFeatures, act.kernelCode);
        return Op.of("gemm+bias_act", () -> {
            ctx.cublasLt().linear(out, in, weight, null, rows, outFeatures, inFeatures, Epilogue.NONE);
            biasAct.run(ctx.stream());
        });
    }

    /**
     * Plugin mode, an activation no epilogue computes (erf GELU, SiLU): the product tuned as every plugin product is,
     * its bias in the epilogue (rounded once, as Hugging Face's addmm), then the activation alone in place.
     */
    private Op productThenActivation(DeviceBuffer weight, DeviceBuffer out, DeviceBuffer in, int rows, Activation act) {
        MatmulShape shape = MatmulShape.linear(in.type(), rows, outFeatures, inFeatures, epilogue(Activation.NONE));
        ctx.cublasLt().tune(shape, in, weight, out, bias);
        BoundKernel activation = ctx.kernels().biasAct(out, null, rows, outFeatures, act.kernelCode);
        return Op.of("gemm+act", () -> {
            ctx.cublasLt().matmul(shape, in, weight, out, bias);
            activation.run(ctx.stream());
        });
    }

    /** Median-free quick timing at build: warm-up, then the mean of TUNING_RUNS back-to-back runs. */
    private double millis(Op op) {
        op.run();
        try (Event start = new Event(); Event end = new Event()) {
            start.record(ctx.stream());
            for (int i = 0; i < TUNING_RUNS; i++) op.run();
            end.record(ctx.stream());
            end.synchronize();
            return end.elapsedMillisSince(start) / TUNING_RUNS;
        }
    }

    /**
     * Whether the product's own kernel applies {@code act}: cuBLASLt's epilogues and our GEMVs (act codes 0-2)
     * compute none, tanh GELU and ReLU; any other activation takes the separate bias/activation kernel.
     */
    private static boolean inKernel(Activation act) {
        return act == Activation.NONE || act == Activation.GELU_TANH || act == Activation.RELU;
    }

    /** The cuBLASLt epilogue computing bias + act. */
    private Epilogue epilogue(Activation act) {
        boolean b = bias != null;
        return switch (act) {
            case GELU_TANH -> b ? Epilogue.GELU_BIAS : Epilogue.GELU;
            case RELU -> b ? Epilogue.RELU_BIAS : Epilogue.RELU;
            default -> b ? Epilogue.BIAS : Epilogue.NONE;
        };
    }
}
