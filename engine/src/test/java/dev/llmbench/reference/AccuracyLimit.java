package dev.llmbench.reference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmbench.model.Precision;

/**
 * How close the GPU engine must come to a Hugging Face fixture, decided once: float32 within 1e-4 (relative,
 * {@link Compare#relativeError}); float16 and bfloat16 no worse than max(2e-2, 1.25 × Hugging Face's own error
 * in that type on the same case), which tools/make_goldens.py measures (the fixture's model cast to the type,
 * against its float32 result) and records as {@code hf_low_precision_error}.
 */
final class AccuracyLimit {
    static final double FLOAT32 = 1e-4;
    static final double LOW_PRECISION_FLOOR = 2e-2;
    static final double HF_ERROR_FACTOR = 1.25;

    private AccuracyLimit() {
    }

    /** The limit for {@code precision} on the fixture whose JSON root is {@code fixture}. */
    static double of(Precision precision, JsonNode fixture) {
        return of(precision, fixture, "hf_low_precision_error");
    }

    /** The limit of the output whose Hugging Face low-precision errors the fixture records under {@code key}. */
    static double of(Precision precision, JsonNode fixture, String key) {
        if (precision == Precision.FLOAT32) return FLOAT32;
        JsonNode own = fixture.path(key).path(precision.id());
        if (!own.isNumber()) {
            throw new IllegalStateException("the fixture records no " + key + "." + precision.id()
                    + ": remake it with tools/make_goldens.py");
        }
        return Math.max(LOW_PRECISION_FLOOR, HF_ERROR_FACTOR * own.asDouble());
    }
}
