package dev.llmbench.bench.results;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.CommandOutput;
import dev.llmbench.bench.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run's description in its JSON: written into every result, read back, ignored by the readers of JMH's fields. */
class RunDescriptionTest {
    private static final Runnable NO_GPU_NEEDED = () -> {
        throw new AssertionError("no GPU needed");
    };

    static RunDescription h200() {
        Properties run = new Properties();
        run.setProperty("gpu", "NVIDIA H200");
        run.setProperty("driver_cuda", "13.0");
        run.setProperty("runtime_cuda", "13.0");
        run.setProperty("copy_gbps", "4200.7");
        run.setProperty("gemm_tflops", "757.5");
        return RunDescription.of(run);
    }

    @Test
    void everyResultCarriesItAndJmhsFieldsStayReadable(@TempDir Path dir) throws IOException {
        Path file = Files.copy(TestFiles.jmh("decoder-run.json"), dir.resolve("run.json"));
        int results = JmhJsonReader.read(file).size();
        h200().annotate(file);

        RunDescription read = RunDescription.read(file).orElseThrow();
        assertEquals("NVIDIA H200", read.fields().get("gpu"));
        assertEquals("757.5", read.fields().get("gemm_tflops"));
        assertEquals(RunDescription.commit(), read.fields().get("commit"));
        String json = Files.readString(file);
        assertEquals(results, json.split("\"" + RunDescription.KEY + "\"", -1).length - 1, "one description a result");
        assertEquals(results, JmhJsonReader.read(file).size());
        CommandOutput report = CommandOutput.run(NO_GPU_NEEDED, "report", file.toString());
        assertEquals(0, report.status(), report.err());
    }

    /** A file that cannot be read is an error naming it, and stays as it was. */
    @Test
    void aFailedAnnotationLeavesTheFileAsItWas(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("cut.json"), "[ {\"benchmark\" : ");
        LlmbenchException e = assertThrows(LlmbenchException.class,
                () -> h200().annotate(file));
        assertTrue(e.getMessage().startsWith("cannot add the run's description to " + file), e.getMessage());
        assertEquals("[ {\"benchmark\" : ", Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    @Test
    void aFileFromBeforeHasNone() {
        assertTrue(RunDescription.read(TestFiles.jmh("decoder-run.json")).isEmpty());
    }

    @Test
    void differencesNameTheGpuAndTheDriverOnly() {
        RunDescription h100 = new RunDescription(Map.of("commit", "abc1234", "gpu", "NVIDIA H100 80GB HBM3", "driver_cuda", "12.8",
                "copy_gbps", "2999.0"));
        assertEquals(List.of("gpu NVIDIA H200 against NVIDIA H100 80GB HBM3", "driver_cuda 13.0 against 12.8"),
                h200().differences(h100));
        assertTrue(h200().differences(h200()).isEmpty(), "the same machine; another sitting's ceilings are no difference");
        assertTrue(h200().differences(new RunDescription(Map.of("commit", "abc1234"))).isEmpty(), "unknown is no difference");
    }

    @Test
    void theBuildRecordsItsCommit() {
        String commit = RunDescription.commit();
        assertFalse(commit.isBlank());
        assertTrue(commit.equals("unknown") || commit.matches("[0-9a-f]{7,40}(-dirty)?"), commit);
    }
}
