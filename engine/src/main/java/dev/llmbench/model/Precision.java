package dev.llmbench.model;

import dev.llmbench.LlmbenchException;

import java.util.Arrays;
import java.util.Locale;

/** Storage precision of weights, activations and KV cache (TensorRT-LLM's --dtype). Accumulation is fp32. */
public enum Precision {
    FLOAT32(4), FLOAT16(2), BFLOAT16(2);

    public final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    /** The name users type: float32, float16, bfloat16. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Kernel-name suffix: f32, f16, bf16. */
    public String kernelSuffix() {
        return switch (this) {
            case FLOAT32 -> "f32";
            case FLOAT16 -> "f16";
            case BFLOAT16 -> "bf16";
        };
    }

    public static Precision parse(String s) {
        for (Precision p : values()) {
            if (p.id().equals(s)) return p;
        }
        throw new LlmbenchException("unsupported dtype '" + s + "': use " + choices());
    }

    /** The precisions, as help and messages list them: "float32, float16 or bfloat16". */
    public static String choices() {
        return Choices.of(Arrays.stream(values()).map(Precision::id).toList());
    }
}
