package dev.llmbench.reference;

/**
 * The error function in double precision, for the exact GELU (0.5 x (1 + erf(x / √2))): Java has no erf.
 * |x| < 4: its Maclaurin series, erf(x) = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1)), summed until the terms
 * stop counting (cancellation costs about 5 of the 16 digits at |x| = 4). Beyond: 1 − erfc(x) with erfc's
 * asymptotic series e^(−x²)/(x√π) (1 − 1/(2x²) + 3/(4x⁴) − 15/(8x⁶) + 105/(16x⁸)), whose first omitted
 * term is 3e-5 of erfc(4) ≈ 1.5e-8. Both far below the reference's 1e-4 tolerances.
 */
final class Erf {
    private static final double SERIES_LIMIT = 4.0;

    private Erf() {
    }

    static double of(double x) {
        double a = Math.abs(x);
        double value = a < SERIES_LIMIT ? series(a) : 1 - asymptoticErfc(a);
        return Math.copySign(value, x);
    }

    private static double series(double x) {
        double sum = 0;
        double power = x;       // x^(2n+1) / n!, with its sign
        for (int n = 0; n < 100; n++) {
            double term = power / (2 * n + 1);
            sum += term;
            if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
            power *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    private static double asymptoticErfc(double x) {
        double inv = 1 / (2 * x * x);
        double series = 1 - inv + 3 * inv * inv - 15 * inv * inv * inv + 105 * inv * inv * inv * inv;
        return Math.exp(-x * x) / (x * Math.sqrt(Math.PI)) * series;
    }
}
