package dev.llmbench.testing;

/** Double-precision activations for the kernel references (Java has no erf, so one is here). */
public final class ReferenceMath {
    private ReferenceMath() {
    }

    /** The activation of kernel code {@code act} (activations.cuh: 0 none, 1 gelu-tanh, 2 relu, 3 silu, 4 gelu-erf, 6 tanh). */
    public static double act(int act, double x) {
        return switch (act) {
            case 0 -> x;
            case 1 -> 0.5 * x * (1 + Math.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)));
            case 2 -> x > 0 ? x : 0;
            case 3 -> silu(x);
            case 4 -> 0.5 * x * (1 + erf(x * 0.7071067811865476));
            case 6 -> Math.tanh(x);
            default -> throw new IllegalArgumentException("activation code " + act);
        };
    }

    public static double silu(double x) {
        return x / (1 + Math.exp(-x));
    }

    /**
     * erf by its Maclaurin series, summed in double: for |z| <= 4.5 the largest term is below 3e6, so
     * cancellation costs at most about 1e-9 absolute; beyond, |1 - |erf(z)|| < 2e-10.
     */
    public static double erf(double z) {
        double a = Math.abs(z);
        if (a > 4.5) return Math.signum(z);
        double term = z; // (-1)^n z^(2n+1) / n!
        double sum = 0;
        for (int n = 0; n < 200; n++) {
            double add = term / (2 * n + 1);
            sum += add;
            if (n > a * a && Math.abs(add) < 1e-17 * Math.abs(sum)) break;
            term *= -z * z / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }
}
