package dev.llmbench.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs the jar's command line in-process and keeps what it printed. System.out is captured too,
 * because JMH prints its help and profiler list there directly.
 */
public record CommandOutput(int status, String out, String err) {

    public static CommandOutput run(Runnable gpuPreflight, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        int status;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(outStream);
            status = Main.dispatcher(gpuPreflight).run(List.of(args), outStream, errStream);
        } finally {
            System.setOut(originalOut);
        }
        return new CommandOutput(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public List<String> outLines() {
        return out.lines().toList();
    }
}
