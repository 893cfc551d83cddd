package dev.llmbench.layers;

import dev.llmbench.cuda.BoundKernel;
import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.cuda.Epilogue;
import dev.llmbench.model.Activation;

/**
 * y = act(x W^T + b) with W (out, in). In plugin mode bias and GELU/ReLU ride in cuBLASLt's epilogue;
 * otherwise the product is followed by a separate bias/activation kernel.
 */
public final class Linear {
    private final LayerContext ctx;
    private final DeviceBuffer weight;
    private final DeviceBuffer bias;
    private final int outFeatures;
    private final int inFeatures;

    public Linear(LayerContext ctx, DeviceBuffer weight, DeviceBuffer bias, int outFeatures, int inFeatures) {
        this.ctx = ctx;
        this.weight = weight;
        this.bias = bias;
        this.outFeatures = outFeatures;
        this.inFeatures = inFeatures;
    }

    /** out (rows, outFeatures) = act(in (rows, inFeatures) W^T + b); act is NONE, GELU_TANH or RELU. */
    public Op forward(DeviceBuffer out, DeviceBuffer in, int rows, Activation act) {
        if (act != Activation.NONE && act != Activation.GELU_TANH && act != Activation.RELU) {
            throw new IllegalArgumentException("a linear layer applies no " + act);
        }
        Epilogue fusedEpilogue = epilogue(act);
        if (ctx.fused() && fusedEpilogue != null) {
            return Op.of("gemm", () -> ctx.cublasLt().linear(out, in, weight, bias, rows, outFeatures, inFeatures, fusedEpilogue));
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

    /** The cuBLASLt epilogue computing bias + act, or null when there is none for this combination. */
    private Epilogue epilogue(Activation act) {
        boolean b = bias != null;
        return switch (act) {
            case NONE -> b ? Epilogue.BIAS : Epilogue.NONE;
            case GELU_TANH -> b ? Epilogue.GELU_BIAS : Epilogue.GELU;
            case RELU -> b ? Epilogue.RELU_BIAS : Epilogue.RELU;
            default -> null;
        };
    }
}
