public class InitRef {
    static long mix64(long z) { z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L; z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL; return z ^ (z >>> 31); }
    static float uniform(long seed, long i) { long z = mix64(seed + (i + 1) * 0x9E3779B97F4A7C15L); return (float) (z >>> 40) * (1.0f / 8388608.0f) - 1.0f; }
    public static void main(String[] a) {
        long[] seeds = {0L, 1234567L, -1L, 0x7fffffffffffffffL, -8000000000000000000L};
        float[][] so = {{1f, 0f}, {0.02f, 0f}, {0.1f, 1f}, {3.3f, -0.7f}, {1e-3f, 0.5f}};
        for (int s = 0; s < seeds.length; s++)
            for (long i = 0; i < 2000; i += 1) {
                long ii = (i < 1000) ? i : (i * 7919L * 104729L + 12345L);
                float v = so[s][1] + so[s][0] * uniform(seeds[s], ii);
                System.out.println(seeds[s] + " " + ii + " " + Float.floatToRawIntBits(v) + " " + so[s][0] + " " + so[s][1]);
            }
    }
}
