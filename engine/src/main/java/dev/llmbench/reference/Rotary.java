package dev.llmbench.reference;

/**
 * Rotary position embedding on the first rotaryDim dims of a head; pair j turns by
 * position / theta^(2j / rotaryDim). Which dims make pair j is the style: GPT-NeoX (Hugging Face's
 * rotate_half) pairs dim j with dim j + rotaryDim/2; GPT-J (rotate_every_two) pairs dims 2j and 2j + 1.
 */
final class Rotary {
    private final boolean interleaved;
    private final int rotaryDim;
    private final double[] inverseFrequency; // (rotaryDim / 2)

    /** {@code interleaved}: GPT-J's pairs of neighbours, else GPT-NeoX's halves. */
    Rotary(boolean interleaved, int rotaryDim, float theta) {
        this.interleaved = interleaved;
        this.rotaryDim = rotaryDim;
        this.inverseFrequency = new double[rotaryDim / 2];
        for (int j = 0; j < rotaryDim / 2; j++) {
            inverseFrequency[j] = 1.0 / Math.pow(theta, 2.0 * j / rotaryDim);
        }
    }

    /** Dims it turns, from a head vector's offset. */
    int dim() {
        return rotaryDim;
    }

    /** Rotates the head vector at v[offset ..] in place for token position {@code position}. */
    void apply(float[] v, int offset, int position) {
        int half = rotaryDim / 2;
        for (int j = 0; j < half; j++) {
            double angle = position * inverseFrequency[j];
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            int first = offset + (interleaved ? 2 * j : j);
            int second = offset + (interleaved ? 2 * j + 1 : j + half);
            double a = v[first];
            double b = v[second];
            v[first] = (float) (a * cos - b * sin);
            v[second] = (float) (b * cos + a * sin);
        }
    }
}
