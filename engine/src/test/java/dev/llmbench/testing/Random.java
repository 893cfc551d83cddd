package dev.llmbench.testing;

import java.util.SplittableRandom;

/** Fresh random test inputs: each call draws from a new seed (printed on failure through the message). */
public final class Random {
    private static final SplittableRandom SEEDS = new SplittableRandom();

    private Random() {
    }

    public static long freshSeed() {
        return SEEDS.nextLong();
    }

    /** Uniform values in [-1, 1), never all zero. */
    public static float[] floats(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    public static int[] ints(int n, int bound, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] x = new int[n];
        for (int i = 0; i < n; i++) x[i] = r.nextInt(bound);
        return x;
    }

    /** ||a - b|| / ||b||; NaN anywhere gives +infinity so it never passes a threshold. */
    public static double relativeError(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException(a.length + " vs " + b.length);
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            if (Float.isNaN(a[i]) || Float.isNaN(b[i])) return Double.POSITIVE_INFINITY;
            double d = (double) a[i] - b[i];
            num += d * d;
            den += (double) b[i] * b[i];
        }
        return den == 0 ? (num == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(num / den);
    }
}
