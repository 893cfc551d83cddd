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

    /** ||a - b|| / ||b||: the reference's comparison (NaN or infinity never passes a threshold). */
    public static double relativeError(float[] a, float[] b) {
        return dev.llmbench.reference.Compare.relativeError(a, b);
    }
}
