package dev.llmbench.reference;

/**
 * y = x W^T + b for a batch of rows, W stored (out, in) row-major as in the canonical layout. Dot products
 * accumulate in double so that the oracle's own rounding stays far below any tolerance it is used with.
 * Subclasses change the product's math (a calibration pass that watches the inputs, SmoothQuant's W8A8).
 */
class Linear {
    final float[] weight; // (out, in)
    final float[] bias;   // (out) or null
    final int out;
    final int in;

    Linear(float[] weight, float[] bias, int out, int in) {
        this.weight = weight;
        this.bias = bias;
        this.out = out;
        this.in = in;
    }

    /** x (rows, in) -> y (rows, out). */
    float[] apply(float[] x, int rows) {
        float[] y = new float[rows * out];
        for (int r = 0; r < rows; r++) {
            int xBase = r * in;
            for (int o = 0; o < out; o++) {
                int wBase = o * in;
                double sum = bias == null ? 0 : bias[o];
                for (int i = 0; i < in; i++) {
                    sum += (double) x[xBase + i] * weight[wBase + i];
                }
                y[r * out + o] = (float) sum;
            }
        }
        return y;
    }
}
