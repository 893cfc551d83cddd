package dev.llmbench.runtime;

import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Precision;
import dev.llmbench.weights.WeightLayout;
import dev.llmbench.weights.WeightShape;

/**
 * The physical floor of one generate on one GPU: no implementation can be much faster, so a measured time
 * over it says how far from the hardware it is. With the GPU's measured ceilings (copy bandwidth counting
 * bytes read plus written, and the GEMM rate of the precision):
 * <pre>
 *   floor = context FLOPs / GEMM rate + Σ over the output − 1 steps (weight bytes + KV-cache bytes read) / copy bandwidth
 *   context FLOPs = 2·B·in·(block weights) + 2·B·(LM head) + 2·B·in²·hidden·layers
 *   weight bytes  = (block weights + LM head) × element size;  step s reads the KV cache of in + s positions
 * </pre>
 * Block weights are the four linear layers of every block (QKV, attention out, MLP up, MLP down); norms,
 * biases and the embedding rows a step reads are too small to count. In a mixture of E experts with top-k
 * routing, a token's products use k experts (context FLOPs count k per token) and a step reads the experts
 * its B tokens can select, min(E, B·k) of them (k at batch 1), plus the router. Only the context phase's products are
 * counted at the GEMM rate and only the steps' reads at the copy rate: each phase's larger term.
 *
 * <p>An encoder's one forward pass ({@link #encoderMillis}) attends both ways, so its attention products are
 * twice a causal prompt's, and it reads its weights once:
 * <pre>
 *   floor = (2·B·in·(block weights) + 4·B·in²·hidden·layers) / GEMM rate + block weight bytes / copy bandwidth
 * </pre>
 * (the weight term matters at batch 1 only).
 */
public final class Floor {

    /** A GPU's measured ceilings, in the units tools/peers/ceilings.py prints. */
    public record Ceilings(double copyGBps, double gemmTflops) {
        public Ceilings {
            if (!(copyGBps > 0) || !(gemmTflops > 0)) {
                throw new IllegalArgumentException("ceilings must be positive: copy " + copyGBps + " GB/s, GEMM " + gemmTflops + " TFLOP/s");
            }
        }
    }

    private Floor() {
    }

    /**
     * A generate's floor by phase: the context phase's (its products at the GEMM rate: the floor of time to first
     * token) and its {@code steps} generation steps' (their reads at the copy rate), ms; {@link #total} is the floor of
     * the whole generate and {@link #meanStep} that of a step (time per output token).
     */
    public record Generate(double contextMillis, double stepsMillis, int steps) {
        public double total() {
            return contextMillis + stepsMillis;
        }

        /** The steps' floor over their number: the floor of a step (0 when there is none). */
        public double meanStep() {
            return steps == 0 ? 0 : stepsMillis / steps;
        }
    }

    /** The floor of a generate of {@code batch} prompts of {@code input} tokens and {@code output} new tokens each, ms. */
    public static double millis(ModelConfig c, Precision precision, int batch, int input, int output, Ceilings ceilings) {
        return millis(c, Numerics.of(precision), batch, input, output, ceilings);
    }

    /** The floor of an encoder's forward pass over {@code batch} sequences of {@code input} tokens, ms. */
    public static double encoderMillis(ModelConfig c, Precision precision, int batch, int input, Ceilings ceilings) {
        Numerics numerics = Numerics.of(precision);
        double blockWeights = 0, blockBytes = 0;
        for (WeightShape w : WeightLayout.tensors(c)) {
            if (WeightLayout.isBlockLinearWeight(w)) {
                blockWeights += w.numel();
                blockBytes += MemoryPlan.weightBytes(numerics.weights(), w);
            }
        }
        double flops = 2.0 * batch * input * blockWeights + 4.0 * batch * (double) input * input * c.hiddenSize() * c.numLayers();
        return (flops / (ceilings.gemmTflops() * 1e12) + blockBytes / (ceilings.copyGBps() * 1e9)) * 1e3;
    }

    /**
     * The floor in {@code numerics}: a quantized format's weights count as the bytes of their codes, scales and
     * zero points; the products still at the GEMM rate given (that of the format's product, for the caller to
     * measure).
     */
    public static double millis(ModelConfig c, Numerics numerics, int batch, int input, int output, Ceilings ceilings) {
        return generate(c, numerics, batch, input, output, ceilings).total();
    }

    /** {@link #millis} by phase. */
    public static Generate generate(ModelConfig c, Numerics numerics, int batch, int input, int output, Ceilings ceilings) {
        double blockWeights = 0, blockBytes = 0;
        double oneExpert = 0, oneExpertBytes = 0; // every layer's share of one expert (0 for a dense MLP)
        double lmHead = 0;
        int experts = c.arch().experts().count();
        for (WeightShape w : WeightLayout.tensors(c)) {
            if (w.name().equals(WeightLayout.LM_HEAD)) {
                lmHead = w.numel();
            } else if (WeightLayout.isBlockLinearWeight(w)) {
                blockWeights += w.numel();
                blockBytes += MemoryPlan.weightBytes(numerics.weights(), w);
            } else if (experts > 0 && WeightLayout.isStackedExpertWeight(w)) {
                oneExpert += (double) w.numel() / experts;
                oneExpertBytes += (double) MemoryPlan.weightBytes(numerics.weights(), w) / experts;
            }
        }
        int topK = c.arch().experts().topK();
        double stepExperts = Math.min(experts, (double) batch * topK);
        int bytes = numerics.activations().bytes;
        double contextFlops = 2.0 * batch * input * (blockWeights + topK * oneExpert) + 2.0 * batch * lmHead
                + 2.0 * batch * (double) input * input * c.hiddenSize() * c.numLayers();
        double contextSeconds = contextFlops / (ceilings.gemmTflops() * 1e12);
        double weightBytes = blockBytes + stepExperts * oneExpertBytes + lmHead * bytes;
        double kvBytesPerPosition = 2.0 * batch * c.numLayers() * c.numKvHeads() * c.headDim() * numerics.kvCacheBytes();
        double stepSeconds = 0;
        for (int step = 1; step < output; step++) {
            stepSeconds += (weightBytes + kvBytesPerPosition * (input + step)) / (ceilings.copyGBps() * 1e9);
        }
        return new Generate(contextSeconds * 1e3, stepSeconds * 1e3, Math.max(0, output - 1));
    }
}
