package dev.llmbench.bench.compare;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.results.JmhResult;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What makes a result of one run the counterpart of a result of the other: an equal key. The key is also
 * the benchmark's heading in the comparison's output.
 */
public sealed interface ResultKey {

    String of(JmhResult result);

    /** What the key is made of, for messages: "benchmark, mode and parameters". */
    String parts();

    /** The results of one file by key; two results with one key cannot be told apart, which is an error. */
    default Map<String, JmhResult> index(List<JmhResult> results, Path file) {
        Map<String, JmhResult> byKey = new LinkedHashMap<>();
        for (JmhResult result : results) {
            String key = of(result);
            if (byKey.putIfAbsent(key, result) != null) {
                throw new LlmbenchException(file + ": two results have the same " + parts() + " (" + key + ")");
            }
        }
        return byKey;
    }

    /** The whole benchmark name, the mode and every parameter: how two runs of this suite meet. */
    record AllParams() implements ResultKey {

        /** Dropped from benchmark names in the keys, to keep lines short. */
        private static final String OUR_PACKAGE = "dev.llmbench.bench.";

        /** {@code DecoderBenchmark.generate [sample] batchSize=1,model=gpt_350m,...}. */
        @Override
        public String of(JmhResult result) {
            String benchmark = result.benchmark().startsWith(OUR_PACKAGE)
                    ? result.benchmark().substring(OUR_PACKAGE.length()) : result.benchmark();
            String params = result.params().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
            return benchmark + " [" + result.mode() + "]" + (params.isEmpty() ? "" : " " + params);
        }

        @Override
        public String parts() {
            return "benchmark, mode and parameters";
        }
    }

    /**
     * The method name (after the last dot), the mode and the named parameters only ({@code --by}): how a
     * peer's results, under its own benchmark names and with fewer parameters, meet ours.
     */
    record ByParams(List<String> params) implements ResultKey {

        public ByParams {
            params = List.copyOf(params);
        }

        /** {@code generate [sample] model=gpt_350m,batchSize=1}; a parameter a result lacks is left out. */
        @Override
        public String of(JmhResult result) {
            String values = params.stream().filter(p -> result.param(p).isPresent())
                    .map(p -> p + "=" + result.param(p).get()).collect(Collectors.joining(","));
            return result.method() + " [" + result.mode() + "]" + (values.isEmpty() ? "" : " " + values);
        }

        @Override
        public String parts() {
            return "method, mode and " + String.join(", ", params);
        }

        /** A name that no result of the file has is a typo, or a file of another kind: said before matching. */
        @Override
        public Map<String, JmhResult> index(List<JmhResult> results, Path file) {
            for (String param : params) {
                if (results.stream().noneMatch(r -> r.param(param).isPresent())) {
                    TreeSet<String> known = results.stream().flatMap(r -> r.params().keySet().stream())
                            .collect(Collectors.toCollection(TreeSet::new));
                    throw new LlmbenchException("--by " + param + ": no result of " + file + " has that parameter"
                            + (known.isEmpty() ? "; it has no parameters" : "; it has " + String.join(", ", known)));
                }
            }
            return ResultKey.super.index(results, file);
        }
    }
}
