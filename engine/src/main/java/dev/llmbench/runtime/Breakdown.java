package dev.llmbench.runtime;

import dev.llmbench.cuda.Event;
import dev.llmbench.cuda.Stream;
import dev.llmbench.layers.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GPU time per op family of one context phase and one generation step (see DecoderEngine#breakdown); an
 * encoder's forward pass is a context phase without steps (EncoderEngine#breakdown), its step phase empty.
 */
public record Breakdown(Phase context, Phase step) {

    /** An encoder's breakdown: the forward pass, no generation step. */
    public static Breakdown contextOnly(Phase context) {
        return new Breakdown(context, new Phase());
    }

    /** Milliseconds and op counts per family, in first-seen order. */
    public static final class Phase {
        private final Map<String, double[]> families = new LinkedHashMap<>();

        /**
         * Runs {@code ops} on {@code stream} one by one (no graph) with a CUDA event after each and sums their times
         * per family. Event gaps add a little launch overhead that graph replay does not have.
         */
        public static Phase timed(List<Op> ops, Stream stream) {
            List<Event> marks = new ArrayList<>();
            try {
                for (int i = 0; i <= ops.size(); i++) marks.add(new Event());
                marks.get(0).record(stream);
                for (int i = 0; i < ops.size(); i++) {
                    ops.get(i).run();
                    marks.get(i + 1).record(stream);
                }
                stream.synchronize();
                Phase phase = new Phase();
                for (int i = 0; i < ops.size(); i++) {
                    phase.add(ops.get(i).family(), marks.get(i + 1).elapsedMillisSince(marks.get(i)));
                }
                return phase;
            } finally {
                for (Event e : marks) e.close();
            }
        }

        /** One op of {@code family} that took {@code millis}. */
        public void add(String family, double millis) {
            double[] v = families.computeIfAbsent(family, k -> new double[2]);
            v[0] += millis;
            v[1] += 1;
        }

        public double totalMillis() {
            return families.values().stream().mapToDouble(v -> v[0]).sum();
        }

        public boolean isEmpty() {
            return families.isEmpty();
        }

        /** family → {milliseconds, ops}. */
        public Map<String, double[]> families() {
            return families;
        }
    }

    /** A table: family, context ms, context %, and (when there is a step) step ms, step %. */
    public String table() {
        boolean steps = !step.isEmpty();
        StringBuilder out = new StringBuilder(String.format("%-16s %12s %7s", "op family", "context ms", "%"));
        out.append(steps ? String.format(" %12s %7s%n", "step ms", "%") : String.format("%n"));
        LinkedHashMap<String, Boolean> names = new LinkedHashMap<>();
        context.families.keySet().forEach(k -> names.put(k, true));
        step.families.keySet().forEach(k -> names.put(k, true));
        for (String f : names.keySet()) {
            double c = context.families.getOrDefault(f, new double[2])[0];
            out.append(String.format("%-16s %12.3f %6.1f%%", f, c, 100 * c / context.totalMillis()));
            if (steps) {
                double s = step.families.getOrDefault(f, new double[2])[0];
                out.append(String.format(" %12.3f %6.1f%%", s, 100 * s / step.totalMillis()));
            }
            out.append(String.format("%n"));
        }
        out.append(String.format("%-16s %12.3f", "total", context.totalMillis()));
        out.append(steps ? String.format(" %7s %12.3f%n", "", step.totalMillis()) : String.format("%n"));
        return out.toString();
    }
}
