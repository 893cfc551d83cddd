package dev.llmbench.bench;

import dev.llmbench.LlmbenchException;
import dev.llmbench.gpu.GpuCheck;
import dev.llmbench.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On a machine without a usable GPU (CI), running the suite prints one line saying why and exits
 * non-zero: no stack trace, no JVM crash log.
 */
class NoGpuExitTest {

    @Test
    void runningWithoutAGpuPrintsOneLineAndExitsNonZero(@TempDir Path dir) throws Exception {
        assumeTrue(noGpu(), "a GPU is usable here");
        Process p = ChildJvm.of(Main.class)
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the suite did not exit");
        List<String> err = Files.readAllLines(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
        assertNotEquals(0, p.exitValue());
        assertEquals(1, err.size(), "stderr: " + err);
        assertTrue(err.get(0).startsWith("ERROR: no usable CUDA device") || err.get(0).startsWith("ERROR: CUDA library"), err.get(0));
        String[] crashLogs = dir.toFile().list((d, name) -> name.startsWith("hs_err"));
        assertEquals(0, crashLogs == null ? 0 : crashLogs.length, "JVM crash log written");
    }

    /** Under mpirun -n 2 (or any launcher's variables), the generate command refuses in one line before touching a GPU. */
    @Test
    void generateUnderALauncherIsRefusedBeforeTheGpu(@TempDir Path dir) throws Exception {
        List<String> err = runAsRank1Of2(dir, "generate", "--model", "gpt_350m", "--input-ids", "1,2", "--output-len", "2");
        assertEquals(List.of("ERROR: this is rank 1 of 2 processes (set by the launcher): generate and encode run in one process;"
                + " run the benchmark to use several"), err);
    }

    /**
     * A benchmark under a launcher runs over every process; on a machine without a usable GPU each rank still ends in
     * one line, at the GPU check, before it tries to join rank 0.
     */
    @Test
    void aBenchmarkRankWithoutAGpuEndsInOneLineBeforeTheRendezvous(@TempDir Path dir) throws Exception {
        assumeTrue(noGpu(), "a GPU is usable here");
        List<String> err = runAsRank1Of2(dir, "-m", "gpt_350m");
        assertEquals(1, err.size(), "stderr: " + err);
        assertTrue(err.get(0).startsWith("ERROR: no usable CUDA device") || err.get(0).startsWith("ERROR: CUDA library"), err.get(0));
    }

    /** Main with {@code args} as rank 1 of 2 under Open MPI's variables; its stderr lines (it must exit non-zero). */
    private static List<String> runAsRank1Of2(Path dir, String... args) throws Exception {
        ProcessBuilder pb = ChildJvm.of(Main.class, args)
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().putAll(java.util.Map.of("OMPI_COMM_WORLD_RANK", "1", "OMPI_COMM_WORLD_SIZE", "2",
                "OMPI_COMM_WORLD_LOCAL_SIZE", "2"));
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the suite did not exit");
        assertNotEquals(0, p.exitValue());
        return Files.readAllLines(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
    }

    private static boolean noGpu() {
        try {
            GpuCheck.requireDevice();
            return false;
        } catch (LlmbenchException e) {
            return true;
        }
    }
}
