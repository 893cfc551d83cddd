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

    /**
     * The one error line of a command that must fail on its input (exit status 2, nothing on stdout) before any
     * GPU work: the GPU preflight fails the test if it is reached.
     */
    public static String userError(String... args) {
        CommandOutput r = run(() -> {
            throw new AssertionError("a user error must come before the GPU preflight");
        }, args);
        org.junit.jupiter.api.Assertions.assertEquals(2, r.status(), r.err());
        org.junit.jupiter.api.Assertions.assertTrue(r.err().startsWith("ERROR: ") && r.err().strip().lines().count() == 1, r.err());
        org.junit.jupiter.api.Assertions.assertEquals("", r.out(), "nothing on stdout");
        return r.err().strip();
    }

    public List<String> outLines() {
        return out.lines().toList();
    }
}
