package dev.llmbench.model;

import dev.llmbench.LlmbenchException;

import java.util.Arrays;

/**
 * How the engine composes a layer (TensorRT-LLM's modes). {@code plugin}: fused kernels (bias and
 * activation in the matmul epilogue, residual add fused into the next norm, fused attention).
 * {@code ootb-except-mha}: the plain composition — separate bias/activation, residual-add and norm
 * kernels — with the fused attention. Modes change speed, never results beyond rounding.
 */
public enum Mode {
    PLUGIN("plugin"), OOTB_EXCEPT_MHA("ootb-except-mha");

    public final String id;

    Mode(String id) {
        this.id = id;
    }

    public static Mode parse(String s) {
        for (Mode m : values()) {
            if (m.id.equals(s)) return m;
        }
        if ("ootb".equals(s)) {
            throw new LlmbenchException("mode ootb (attention through cuBLAS products and a separate softmax) is not supported"
                    + " yet; use " + choices());
        }
        throw new LlmbenchException("unknown mode '" + s + "': use " + choices());
    }

    /** The modes that run, as help and messages list them: "plugin or ootb-except-mha". */
    public static String choices() {
        return Choices.of(Arrays.stream(values()).map(m -> m.id).toList());
    }
}
