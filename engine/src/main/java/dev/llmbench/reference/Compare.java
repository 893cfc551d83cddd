package dev.llmbench.reference;

/** How tests compare an implementation with the reference. */
public final class Compare {
    private Compare() {
    }

    /**
     * ||actual - expected|| / ||expected|| (Euclidean norms over the whole array), +infinity when either
     * holds a NaN or an infinity so that such a result never passes a tolerance; 0 for two equal arrays.
     */
    public static double relativeError(float[] actual, float[] expected) {
        if (actual.length != expected.length) {
            throw new IllegalArgumentException("lengths differ: " + actual.length + " vs " + expected.length);
        }
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = (double) actual[i] - expected[i];
            diff += d * d;
            norm += (double) expected[i] * expected[i];
        }
        if (!Double.isFinite(diff) || !Double.isFinite(norm)) return Double.POSITIVE_INFINITY;
        if (diff == 0) return 0;
        return norm == 0 ? Double.POSITIVE_INFINITY : Math.sqrt(diff / norm);
    }

    /** The relative error of two [B][N] arrays taken as one. */
    public static double relativeError(float[][] actual, float[][] expected) {
        if (actual.length != expected.length) {
            throw new IllegalArgumentException("row counts differ: " + actual.length + " vs " + expected.length);
        }
        return relativeError(flatten(actual), flatten(expected));
    }

    private static float[] flatten(float[][] rows) {
        int n = 0;
        for (float[] row : rows) n += row.length;
        float[] flat = new float[n];
        int offset = 0;
        for (float[] row : rows) {
            System.arraycopy(row, 0, flat, offset, row.length);
            offset += row.length;
        }
        return flat;
    }
}
