package dev.llmbench.runtime;

import dev.llmbench.cuda.DType;
import dev.llmbench.model.Precision;

/** The device element type of a model precision. */
final class EngineTypes {
    private EngineTypes() {
    }

    static DType dtype(Precision p) {
        return switch (p) {
            case FLOAT32 -> DType.F32;
            case FLOAT16 -> DType.F16;
            case BFLOAT16 -> DType.BF16;
        };
    }
}
