package dev.llmbench.model;

/**
 * ALiBi (BLOOM, Falcon-RW, Baichuan 13B): no position embedding; each head adds slope_h × (key position) to
 * its attention scores, which within one query's softmax equals a penalty growing with the distance. The
 * slopes are a geometric sequence 2^(−8k/n) for the n = largest power of two not above H heads; the heads
 * beyond n take every other slope of the sequence for 2n heads (Hugging Face's build_alibi_tensor). The
 * CPU reference and the GPU engine's attention kernels read the same slopes.
 */
public final class Alibi {
    private Alibi() {
    }

    /**
     * The slopes {@code c}'s attention adds to its scaled scores: {@link #slopes(int)}, times 1/sqrt(D) for
     * {@link PositionEmbedding#ALIBI_SCALED}, whose model adds them before the scaling.
     */
    public static double[] slopes(ModelConfig c) {
        double[] s = slopes(c.numHeads());
        if (c.arch().positions().kind() == PositionEmbedding.ALIBI_SCALED) {
            double scale = 1.0 / Math.sqrt(c.headDim());
            for (int h = 0; h < s.length; h++) s[h] *= scale;
        }
        return s;
    }

    /** The slope of each of {@code heads} heads, in natural-log units of the attention score. */
    public static double[] slopes(int heads) {
        int n = Integer.highestOneBit(heads);
        double[] slopes = new double[heads];
        double base = Math.pow(2, -8.0 / n);
        for (int h = 0; h < n; h++) slopes[h] = Math.pow(base, h + 1);
        double extraBase = Math.pow(2, -8.0 / (2 * n));
        for (int h = n; h < heads; h++) slopes[h] = Math.pow(extraBase, 2 * (h - n) + 1);
        return slopes;
    }
}
