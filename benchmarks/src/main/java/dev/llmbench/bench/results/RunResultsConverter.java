package dev.llmbench.bench.results;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * Turns the results of a live JMH run into {@link JmhResult}s. It goes through JMH's own JSON writer
 * and our reader on purpose: a live report then sees exactly what the saved {@code -rf json} file of
 * the same run holds, so {@code report FILE.json} later prints the same lines.
 */
public final class RunResultsConverter {

    private RunResultsConverter() {
    }

    public static List<JmhResult> convert(Collection<RunResult> runResults) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(json, true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(runResults);
        }
        return JmhJsonReader.parse(json.toString(StandardCharsets.UTF_8));
    }
}
