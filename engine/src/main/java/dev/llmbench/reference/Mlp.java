package dev.llmbench.reference;

import dev.llmbench.model.Activation;

/**
 * down(act(up x)); for SwiGLU, up yields 2I values per token (gate, then up) and the activation is
 * silu(gate) * up.
 */
final class Mlp implements FeedForward {
    private final Linear up;
    private final Linear down;
    private final Activation activation;

    Mlp(Linear up, Linear down, Activation activation) {
        this.up = up;
        this.down = down;
        this.activation = activation;
    }

    @Override
    public float[] apply(float[] x, int tokens) {
        float[] u = up.apply(x, tokens);
        int inner = down.in;
        float[] h = new float[tokens * inner];
        for (int t = 0; t < tokens; t++) {
            for (int i = 0; i < inner; i++) {
                h[t * inner + i] = activation == Activation.SWIGLU
                        ? (float) (silu(u[t * 2 * inner + i]) * u[t * 2 * inner + inner + i])
                        : (float) activate(u[t * inner + i]);
            }
        }
        return down.apply(h, tokens);
    }

    private double activate(double x) {
        return switch (activation) {
            case GELU_TANH -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
            case GELU_ERF -> 0.5 * x * (1 + Erf.of(x / Math.sqrt(2)));
            case RELU -> Math.max(0, x);
            case SILU -> silu(x);
            default -> throw new IllegalStateException("activation " + activation + " is checked by ReferenceModel");
        };
    }

    private static double silu(double x) {
        return x / (1 + Math.exp(-x));
    }
}
