package dev.llmbench.weights;

import dev.llmbench.cuda.HalfFloats;

import java.nio.ByteBuffer;

/** The element types we read from safetensors files, and their conversion to fp32. */
enum SafetensorsDtype {
    F32(4), F16(2), BF16(2);

    final int bytes;

    SafetensorsDtype(int bytes) {
        this.bytes = bytes;
    }

    /** Converts {@code count} little-endian elements from {@code src}'s position into {@code dst[offset..]}. */
    void decode(ByteBuffer src, float[] dst, int offset, int count) {
        switch (this) {
            case F32 -> src.asFloatBuffer().get(dst, offset, count);
            case F16 -> {
                for (int i = 0; i < count; i++) dst[offset + i] = HalfFloats.f16ToFloat(src.getShort(src.position() + 2 * i));
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) dst[offset + i] = HalfFloats.bf16ToFloat(src.getShort(src.position() + 2 * i));
            }
        }
    }
}
