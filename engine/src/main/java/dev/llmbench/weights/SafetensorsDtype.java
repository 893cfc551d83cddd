package dev.llmbench.weights;

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
                for (int i = 0; i < count; i++) dst[offset + i] = halfToFloat(src.getShort(src.position() + 2 * i));
            }
            case BF16 -> {
                // bfloat16 is the upper half of an fp32: widening is a shift.
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = Float.intBitsToFloat((src.getShort(src.position() + 2 * i) & 0xffff) << 16);
                }
            }
        }
    }

    /** IEEE binary16 to binary32, exact for every value including subnormals, infinities and NaN. */
    static float halfToFloat(short bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24, exact in fp32.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
}
