package dev.llmbench.reference;

import dev.llmbench.model.Activation;

import java.util.Arrays;

/**
 * A mixture of experts in place of the MLP (Mixtral): a router scores the E experts for each token
 * (softmax of x W_r^T), the top k are kept and their probabilities renormalised to sum to 1, and the token's
 * output is the weighted sum of those experts' MLPs, down(act(gate x) · up x) each. The router's ties go
 * to the lower expert index.
 */
final class MixtureOfExperts implements FeedForward {
    private final Linear router;   // (E, C)
    private final Mlp[] experts;
    private final int topK;

    /** {@code up} (E, 2I or I, C) and {@code down} (E, C, I): every expert's weights, stacked. */
    MixtureOfExperts(float[] router, float[] up, float[] down, int experts, int topK, int hidden, int upRows, int inner,
            Activation activation) {
        this.router = new Linear(router, null, experts, hidden);
        this.experts = new Mlp[experts];
        for (int e = 0; e < experts; e++) {
            float[] u = Arrays.copyOfRange(up, e * upRows * hidden, (e + 1) * upRows * hidden);
            float[] d = Arrays.copyOfRange(down, e * hidden * inner, (e + 1) * hidden * inner);
            this.experts[e] = new Mlp(new Linear(u, null, upRows, hidden), new Linear(d, null, hidden, inner), activation);
        }
        this.topK = topK;
    }

    @Override
    public float[] apply(float[] x, int tokens) {
        int hidden = router.in;
        int count = experts.length;
        float[] logits = router.apply(x, tokens); // (T, E)
        float[] out = new float[tokens * hidden];
        for (int t = 0; t < tokens; t++) {
            double[] probability = softmax(logits, t * count, count);
            int[] chosen = top(probability, topK);
            double kept = 0;
            for (int e : chosen) kept += probability[e];
            float[] row = Arrays.copyOfRange(x, t * hidden, (t + 1) * hidden);
            double[] sum = new double[hidden];
            for (int e : chosen) {
                float[] y = experts[e].apply(row, 1);
                double weight = probability[e] / kept;
                for (int i = 0; i < hidden; i++) sum[i] += weight * y[i];
            }
            for (int i = 0; i < hidden; i++) out[t * hidden + i] = (float) sum[i];
        }
        return out;
    }

    private static double[] softmax(float[] logits, int offset, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, logits[offset + i]);
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(logits[offset + i] - max);
            sum += p[i];
        }
        for (int i = 0; i < n; i++) p[i] /= sum;
        return p;
    }

    /** The indices of the k largest values, largest first; ties to the lower index. */
    private static int[] top(double[] values, int k) {
        int[] chosen = new int[k];
        boolean[] taken = new boolean[values.length];
        for (int j = 0; j < k; j++) {
            int best = -1;
            for (int i = 0; i < values.length; i++) {
                if (!taken[i] && (best < 0 || values[i] > values[best])) best = i;
            }
            taken[best] = true;
            chosen[j] = best;
        }
        return chosen;
    }
}
