package dev.llmbench.bench.cli;

import dev.llmbench.bench.params.SkippedTrial;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * JMH's console output, with each failed trial told in one line. JMH goes on after a trial fails, but
 * prints the failure as {@code <failure>}, a blank line and the whole stack trace of each exception (sent
 * over from the fork), and leaves the trial out of the results without a word. This output format passes
 * everything else through to JMH's own, replaces that block with
 * <pre>
 * [FAILED] DecoderBenchmark.generate [sample] model=gpt_350m, mode=plugin, ...: why
 * [WARNING] skipping DecoderBenchmark.generate [sample] model=gpt_350m, batchSize=512, ...: why
 * </pre>
 * (the second for a {@link SkippedTrial}: a combination beyond the model's limits), keeps the stack
 * traces only when asked ({@code -v EXTRA}), and after the run says which combinations gave no result.
 */
final class TrialOutcomes implements OutputFormat {

    /** What happened to the combinations a run started. */
    record Summary(int started, Map<String, String> failed, Map<String, String> skipped) {
        /** One line per failed combination, then the count: what the run ends with when any failed. */
        List<String> failureLines() {
            List<String> lines = new ArrayList<>();
            failed.forEach((combination, why) -> lines.add("[FAILED] " + combination + ": " + why));
            lines.add(failed.size() + " of " + started + " combinations failed");
            return lines;
        }
    }

    private static final String OUR_PACKAGE = "dev.llmbench.";
    private static final String BENCHMARK_PACKAGE = "dev.llmbench.bench.";
    /** Where a Java stack trace's frames begin. */
    private static final String FRAME = "\tat ";

    private final OutputFormat jmh;
    private final boolean showStackTraces;
    private final Set<String> started = new LinkedHashSet<>();
    private final Map<String, String> failed = new LinkedHashMap<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();
    private String current;
    private boolean inFailure;
    /** Whether JMH's last output left a line open (print without a newline). */
    private boolean midLine;

    TrialOutcomes(OutputFormat jmh, boolean showStackTraces) {
        this.jmh = jmh;
        this.showStackTraces = showStackTraces;
    }

    /** The combinations started, and those of them that gave no result, with the reasons seen. */
    Summary summary(Collection<RunResult> results) {
        Set<String> succeeded = results.stream().map(r -> combination(r.getParams())).collect(Collectors.toSet());
        Map<String, String> noResult = new LinkedHashMap<>();
        for (String combination : started) {
            if (!succeeded.contains(combination) && !skipped.containsKey(combination)) {
                noResult.put(combination, failed.getOrDefault(combination, "no result (JMH's output above says why)"));
            }
        }
        return new Summary(started.size(), noResult, Map.copyOf(skipped));
    }

    /** {@code DecoderBenchmark.generate [sample] batchSize=1, inputOutputLen=60:20, ...}: one trial of a run. */
    static String combination(BenchmarkParams params) {
        String benchmark = params.getBenchmark().startsWith(BENCHMARK_PACKAGE)
                ? params.getBenchmark().substring(BENCHMARK_PACKAGE.length()) : params.getBenchmark();
        String values = params.getParamsKeys().stream().map(k -> k + "=" + params.getParam(k)).collect(Collectors.joining(", "));
        return benchmark + " [" + params.getMode().shortLabel() + "]" + (values.isEmpty() ? "" : " " + values);
    }

    /**
     * The reason in a printed exception: its message for our own exceptions (they are written for the user),
     * else the exception's simple name and message. Frames and causes are left out.
     */
    static String reason(String printedThrowable) {
        String head = printedThrowable.lines().takeWhile(line -> !line.startsWith(FRAME))
                .map(String::strip).collect(Collectors.joining(" ")).strip();
        int colon = head.indexOf(": ");
        String type = colon < 0 ? head : head.substring(0, colon);
        String message = colon < 0 ? "" : head.substring(colon + 2).strip();
        if (type.startsWith(OUR_PACKAGE) && !message.isEmpty()) return message;
        String simpleType = type.substring(type.lastIndexOf('.') + 1);
        return message.isEmpty() ? simpleType : simpleType + ": " + message;
    }

    /** A line JMH prints for a failed trial after its {@code <failure>} marker: an exception, printed. */
    private static boolean isPrintedThrowable(String s) {
        String first = s.lines().findFirst().orElse("");
        return s.contains("\n" + FRAME) || first.matches("[\\w$.]+(Exception|Error|Throwable)(: .*)?");
    }

    private void record(String printedThrowable) {
        if (current == null || failed.containsKey(current) || skipped.containsKey(current)) return;
        String why = reason(printedThrowable);
        String line;
        if (printedThrowable.startsWith(SkippedTrial.class.getName())) {
            skipped.put(current, why);
            line = "[WARNING] skipping " + current + ": " + why;
        } else {
            failed.put(current, why);
            line = "[FAILED] " + current + ": " + why;
        }
        // JMH has printed "Iteration   1: " and waits for the score: our line starts a line of its own.
        if (midLine) jmh.println("");
        jmh.println(line);
        jmh.println("");
        midLine = false;
    }

    @Override
    public void println(String s) {
        if (s.equals("<failure>")) {
            inFailure = true;
            return;
        }
        if (inFailure) {
            if (s.isBlank()) return;
            if (isPrintedThrowable(s)) {
                record(s);
                if (showStackTraces) jmh.println(s);
                return;
            }
            inFailure = false;
        }
        if (s.startsWith("<forked VM failed with exit code") && current != null) {
            failed.putIfAbsent(current, s.substring(1, s.length() - 1));
        }
        jmh.println(s);
        midLine = false;
    }

    @Override
    public void startBenchmark(BenchmarkParams benchParams) {
        current = combination(benchParams);
        started.add(current);
        inFailure = false;
        jmh.startBenchmark(benchParams);
    }

    @Override
    public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
        jmh.iteration(benchParams, params, iteration);
        midLine = true;
    }

    @Override
    public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration, IterationResult data) {
        jmh.iterationResult(benchParams, params, iteration, data);
        midLine = false;
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        jmh.endBenchmark(result);
    }

    @Override
    public void startRun() {
        jmh.startRun();
    }

    @Override
    public void endRun(Collection<RunResult> result) {
        jmh.endRun(result);
    }

    @Override
    public void print(String s) {
        jmh.print(s);
        if (!s.isEmpty()) midLine = !s.endsWith("\n");
    }

    @Override
    public void flush() {
        jmh.flush();
    }

    @Override
    public void close() {
        jmh.close();
    }

    @Override
    public void verbosePrintln(String s) {
        jmh.verbosePrintln(s);
    }

    @Override
    public void write(int b) {
        jmh.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
        jmh.write(b);
    }
}
