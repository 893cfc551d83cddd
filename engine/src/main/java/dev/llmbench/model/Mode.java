package dev.llmbench.model;

import dev.llmbench.LlmbenchException;

import java.util.Arrays;

/**
 * How the engine composes a layer (TensorRT-LLM's modes). {@code plugin}: fused kernels (bias and
 * activation in the matmul epilogue, residual add fused into the next norm, fused attention).
 * {@code ootb-except-mha}: the plain composition — separate bias/activation, residual-add and norm
 * kernels — with the fused attention. {@code ootb}: the plain composition throughout, attention included
 * (two batched cuBLASLt products around a masked softmax kernel, as TensorRT-LLM's build without plugins).
 * Modes change speed, never results beyond rounding.
 */
public enum Mode {
    PLUGIN("plugin"), OOTB_EXCEPT_MHA("ootb-except-mha"), OOTB("ootb");

    public final String id;

    Mode(String id) {
        this.id = id;
    }

    public static Mode parse(String s) {
        for (Mode m : values()) {
            if (m.id.equals(s)) return m;
        }
        throw new LlmbenchException("unknown mode '" + s + "': use " + choices());
    }

    /** The modes that run, as help and messages list them: "plugin, ootb-except-mha or ootb". */
    /** Whether attention runs as the fused kernels (plugin, ootb-except-mha) rather than products and a softmax. */
    public boolean fusedAttention() {
        return this != OOTB;
    }

    public static String choices() {
        return Choices.of(Arrays.stream(values()).map(m -> m.id).toList());
    }
}
