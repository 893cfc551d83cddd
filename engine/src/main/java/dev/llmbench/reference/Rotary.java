package dev.llmbench.reference;

/**
 * Rotary position embedding, GPT-NeoX style (Hugging Face's rotate_half): within the first rotaryDim dims
 * of a head, dim j pairs with dim j + rotaryDim/2 and the pair turns by position / theta^(2j / rotaryDim).
 */
final class Rotary {
    private final int rotaryDim;
    private final double[] inverseFrequency; // (rotaryDim / 2)

    Rotary(int rotaryDim, float theta) {
        this.rotaryDim = rotaryDim;
        this.inverseFrequency = new double[rotaryDim / 2];
        for (int j = 0; j < rotaryDim / 2; j++) {
            inverseFrequency[j] = 1.0 / Math.pow(theta, 2.0 * j / rotaryDim);
        }
    }

    /** Rotates the head vector at v[offset ..] in place for token position {@code position}. */
    void apply(float[] v, int offset, int position) {
        int half = rotaryDim / 2;
        for (int j = 0; j < half; j++) {
            double angle = position * inverseFrequency[j];
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            double a = v[offset + j];
            double b = v[offset + j + half];
            v[offset + j] = (float) (a * cos - b * sin);
            v[offset + j + half] = (float) (b * cos + a * sin);
        }
    }
}
