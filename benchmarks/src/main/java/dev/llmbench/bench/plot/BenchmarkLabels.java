package dev.llmbench.bench.plot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Short names for the benchmarks of a comparison. A key as {@code compare} prints it,
 * {@code DecoderBenchmark.generate [sample] batchSize=1,cudaGraph=true,...}, is too long for a chart's axis;
 * what tells the bars apart is the method and the parameters whose values differ, so the rest is left out.
 */
final class BenchmarkLabels {

    private BenchmarkLabels() {
    }

    /** Each key's short label; the keys themselves where shortening would make two labels equal. */
    static Map<String, String> of(List<String> keys) {
        List<Parsed> parsed = keys.stream().map(Parsed::of).toList();
        Set<String> varying = varyingParams(parsed);
        boolean modesDiffer = parsed.stream().map(Parsed::mode).distinct().count() > 1;
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Parsed p = parsed.get(i);
            List<String> words = new ArrayList<>(List.of(p.method));
            if (modesDiffer) {
                words.add("[" + p.mode + "]");
            }
            String params = p.params.entrySet().stream().filter(e -> varying.contains(e.getKey()))
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
            if (!params.isEmpty()) {
                words.add(params);
            }
            labels.put(keys.get(i), String.join(" ", words));
        }
        boolean distinct = labels.values().stream().distinct().count() == labels.size();
        return distinct ? labels : keys.stream().collect(Collectors.toMap(k -> k, k -> k, (a, b) -> a, LinkedHashMap::new));
    }

    /** Parameters with more than one value among the keys that have them; one benchmark's own ones do not count. */
    private static Set<String> varyingParams(List<Parsed> parsed) {
        Map<String, Set<String>> values = new HashMap<>();
        for (Parsed p : parsed) {
            p.params.forEach((name, value) -> values.computeIfAbsent(name, n -> new HashSet<>()).add(value));
        }
        return values.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /** A key's method (after the last dot of the benchmark), its mode and its parameters in key order. */
    private record Parsed(String method, String mode, Map<String, String> params) {

        static Parsed of(String key) {
            int open = key.indexOf(" [");
            int close = key.indexOf(']', open + 1);
            if (open < 0 || close < 0) {
                return new Parsed(key, "", Map.of());
            }
            String benchmark = key.substring(0, open);
            String rest = key.substring(close + 1).strip();
            Map<String, String> params = new LinkedHashMap<>();
            for (String pair : rest.isEmpty() ? List.<String>of() : Arrays.asList(rest.split(","))) {
                int equals = pair.indexOf('=');
                params.put(equals < 0 ? pair : pair.substring(0, equals), equals < 0 ? "" : pair.substring(equals + 1));
            }
            return new Parsed(benchmark.substring(benchmark.lastIndexOf('.') + 1), key.substring(open + 2, close), params);
        }
    }
}
