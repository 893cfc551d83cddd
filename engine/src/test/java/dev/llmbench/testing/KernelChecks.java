package dev.llmbench.testing;

import dev.llmbench.cuda.DType;
import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.cuda.HalfFloats;

import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Inputs, uploads and comparisons shared by the model-kernel tests.
 *
 * <p>Comparisons follow docs/design.md "Correctness": relative error (||got - want|| / ||want||) at most
 * 1e-5 for F32 and 1e-2 for F16/BF16, NaN never passes. Because a norm-wise bound over thousands of
 * elements can hide a few wrong ones, {@link #assertClose} also bounds every element:
 * {@code |got - want| <= c * (|want| + rms(want))} with c = 1e-4 (F32) or 4 units of the storage type's
 * relative spacing (F16 4 * 2^-10, BF16 4 * 2^-7). A kernel that computes what its header says
 * differs from a reference with the same roundings by at most a rounding flip or two of the storage
 * type, far inside both bounds.
 *
 * <p>Host-to-device copies and {@code fillBytes} run on the legacy default stream while the kernels run on
 * the fixture's non-blocking stream, which does not wait for it; {@link #settle()} (a device
 * synchronisation) must separate the setup from the first launch.
 */
public final class KernelChecks {
    public static final List<DType> FLOAT_TYPES = List.of(DType.F32, DType.F16, DType.BF16);

    private KernelChecks() {
    }

    /** The norm-wise relative error allowed for outputs of this type. */
    public static double tolerance(DType t) {
        return t == DType.F32 ? 1e-5 : 1e-2;
    }

    private static double elementBound(DType t) {
        return switch (t) {
            case F32 -> 1e-4;
            case F16 -> 4 * 0x1p-10;
            case BF16 -> 4 * 0x1p-7;
            default -> throw new IllegalArgumentException(t.toString());
        };
    }

    /** Uniform values in [-scale, scale), rounded to what a buffer of type {@code t} stores. */
    public static float[] stored(DType t, int n, long seed, float scale) {
        float[] x = Random.floats(n, seed);
        for (int i = 0; i < n; i++) x[i] = HalfFloats.roundTo(t, x[i] * scale);
        return x;
    }

    /** {@code offset + scale * u}, u uniform in [-1, 1), rounded to type {@code t}. */
    public static float[] stored(DType t, int n, long seed, float scale, float offset) {
        float[] x = Random.floats(n, seed);
        for (int i = 0; i < n; i++) x[i] = HalfFloats.roundTo(t, offset + scale * x[i]);
        return x;
    }

    public static float round(DType t, double x) {
        return HalfFloats.roundTo(t, (float) x);
    }

    /** A new buffer holding {@code values} (already representable in {@code t}). */
    public static DeviceBuffer upload(String name, DType t, float[] values) {
        DeviceBuffer b = DeviceBuffer.allocate(name, t, values.length);
        try {
            b.copyFromFloats(values);
            return b;
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
    }

    public static DeviceBuffer upload(String name, int[] values) {
        DeviceBuffer b = DeviceBuffer.allocate(name, DType.I32, values.length);
        try {
            b.copyFrom(values);
            return b;
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
    }

    /** A new I8 buffer holding {@code codes}. */
    public static DeviceBuffer upload(String name, byte[] codes) {
        DeviceBuffer b = DeviceBuffer.allocate(name, DType.I8, codes.length);
        try {
            b.copyFrom(codes);
            return b;
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
    }

    /** A new buffer with every byte 0xFF: NaN for floating types, -1 for I32. */
    public static DeviceBuffer poisoned(String name, DType t, long elements) {
        DeviceBuffer b = DeviceBuffer.allocate(name, t, elements);
        try {
            b.fillBytes(0xFF);
            return b;
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
    }

    /** Waits for every copy and memset issued so far, so the fixture's stream sees them. */
    public static void settle() {
        GpuFixture.device().synchronize();
    }

    /** Runs nothing itself: waits for the fixture's stream after the launches under test. */
    public static void finish() {
        GpuFixture.stream().synchronize();
    }

    /** got is within the type's tolerance of want (norm-wise and per element), and NaN-free. */
    public static void assertClose(DType t, float[] got, float[] want, String context) {
        if (got.length != want.length) fail(context + ": " + got.length + " values, expected " + want.length);
        int nans = 0, firstNan = -1;
        for (int i = 0; i < got.length; i++) {
            if (Float.isNaN(got[i]) || Float.isInfinite(got[i])) {
                if (nans++ == 0) firstNan = i;
            }
        }
        if (nans > 0) {
            fail(context + ": " + nans + " non-finite outputs of " + got.length + ", first at " + firstNan + " = "
                    + got[firstNan] + " (expected " + want[firstNan] + ")");
        }
        double rel = Random.relativeError(got, want);
        double ss = 0;
        for (float w : want) ss += (double) w * w;
        double rms = Math.sqrt(ss / Math.max(1, want.length));
        double c = elementBound(t);
        int bad = 0, worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < got.length; i++) {
            double diff = Math.abs((double) got[i] - want[i]);
            double bound = c * (Math.abs(want[i]) + rms);
            if (diff > bound) {
                bad++;
                if (diff - bound > worstExcess || worst < 0) {
                    worstExcess = diff - bound;
                    worst = i;
                }
            }
        }
        if (rel > tolerance(t) || bad > 0) {
            fail(String.format("%s: relative error %.3g (limit %.1g), %d of %d elements outside %.3g * (|want| + rms %.4g)%s",
                    context, rel, tolerance(t), bad, got.length, c, rms,
                    worst < 0 ? "" : ", worst at " + worst + ": got " + got[worst] + ", want " + want[worst]));
        }
    }

    /** got equals want bit for bit (as fp32 widenings of the stored values). */
    public static void assertExact(float[] got, float[] want, String context) {
        if (got.length != want.length) fail(context + ": " + got.length + " values, expected " + want.length);
        int bad = 0, first = -1;
        for (int i = 0; i < got.length; i++) {
            if (Float.floatToIntBits(got[i]) != Float.floatToIntBits(want[i])) {
                if (bad++ == 0) first = i;
            }
        }
        if (bad > 0) {
            fail(context + ": " + bad + " of " + got.length + " values differ, first at " + first + ": got " + got[first]
                    + ", want " + want[first]);
        }
    }

    public static void assertExact(int[] got, int[] want, String context) {
        if (got.length != want.length) fail(context + ": " + got.length + " values, expected " + want.length);
        int bad = 0, first = -1;
        for (int i = 0; i < got.length; i++) {
            if (got[i] != want[i]) {
                if (bad++ == 0) first = i;
            }
        }
        if (bad > 0) {
            fail(context + ": " + bad + " of " + got.length + " values differ, first at " + first + ": got " + got[first]
                    + ", want " + want[first]);
        }
    }
}
