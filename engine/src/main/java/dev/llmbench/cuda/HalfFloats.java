package dev.llmbench.cuda;

/**
 * IEEE fp16 and bfloat16 conversions on the host (Java 17 has none), round-to-nearest-even like the
 * GPU's __float2half_rn and __float2bfloat16_rn, so host-side references round exactly as kernels do.
 */
public final class HalfFloats {
    private HalfFloats() {
    }

    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    public static short floatToBf16(float f) {
        int x = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) return (short) ((x >>> 16) | 0x40);
        int rounding = 0x7fff + ((x >>> 16) & 1);
        return (short) ((x + rounding) >>> 16);
    }

    public static float roundToBf16(float f) {
        return bf16ToFloat(floatToBf16(f));
    }

    public static float f16ToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        if (exp == 0) {
            if (mant == 0) return Float.intBitsToFloat(sign);
            float v = mant * 0x1p-24f; // subnormal: mant * 2^-24
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    public static short floatToF16(float f) {
        int x = Float.floatToRawIntBits(f);
        int sign = (x >>> 16) & 0x8000;
        int abs = x & 0x7fffffff;
        if (abs >= 0x7f800000) { // inf or NaN
            return (short) (sign | 0x7c00 | (abs > 0x7f800000 ? 0x200 : 0));
        }
        if (abs >= 0x477ff000) { // rounds to >= 65520: overflow to infinity
            return (short) (sign | 0x7c00);
        }
        if (abs < 0x38800000) { // below the smallest normal half (2^-14): subnormal or zero
            float a = Float.intBitsToFloat(abs);
            int m = Math.round(a * 0x1p24f); // Math.round is half-up; fix ties to even below
            float exact = a * 0x1p24f;
            if (exact - Math.floor(exact) == 0.5 && (m & 1) == 1) m -= 1;
            return (short) (sign | m);
        }
        int exp = ((abs >>> 23) - 112) << 10;
        int mant = abs & 0x7fffff;
        int half = exp | (mant >>> 13);
        int rest = mant & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) half += 1;
        return (short) (sign | half);
    }

    public static float roundToF16(float f) {
        return f16ToFloat(floatToF16(f));
    }

    /** Rounds {@code f} to what a buffer of {@code type} stores. */
    public static float roundTo(DType type, float f) {
        return switch (type) {
            case F16 -> roundToF16(f);
            case BF16 -> roundToBf16(f);
            default -> f;
        };
    }
}
