package dev.llmbench.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/** GPU time per op family of one context phase and one generation step (see DecoderEngine#breakdown). */
public record Breakdown(Phase context, Phase step) {

    /** Milliseconds and op counts per family, in first-seen order. */
    public static final class Phase {
        private final Map<String, double[]> families = new LinkedHashMap<>();

        /** One op of {@code family} that took {@code millis}. */
        public void add(String family, double millis) {
            double[] v = families.computeIfAbsent(family, k -> new double[2]);
            v[0] += millis;
            v[1] += 1;
        }

        public double totalMillis() {
            return families.values().stream().mapToDouble(v -> v[0]).sum();
        }

        /** family → {milliseconds, ops}. */
        public Map<String, double[]> families() {
            return families;
        }
    }

    /** A table: family, context ms, context %, step ms, step %. */
    public String table() {
        StringBuilder out = new StringBuilder(String.format("%-16s %12s %7s %12s %7s%n", "op family", "context ms", "%", "step ms", "%"));
        LinkedHashMap<String, Boolean> names = new LinkedHashMap<>();
        context.families.keySet().forEach(k -> names.put(k, true));
        step.families.keySet().forEach(k -> names.put(k, true));
        for (String f : names.keySet()) {
            double c = context.families.getOrDefault(f, new double[2])[0];
            double s = step.families.getOrDefault(f, new double[2])[0];
            out.append(String.format("%-16s %12.3f %6.1f%% %12.3f %6.1f%%%n", f, c, 100 * c / context.totalMillis(), s,
                    100 * s / step.totalMillis()));
        }
        out.append(String.format("%-16s %12.3f %7s %12.3f%n", "total", context.totalMillis(), "", step.totalMillis()));
        return out.toString();
    }
}
