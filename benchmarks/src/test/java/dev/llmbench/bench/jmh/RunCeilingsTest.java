package dev.llmbench.bench.jmh;

import dev.llmbench.cuda.DeviceInfo;
import dev.llmbench.runtime.Floor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One measurement per run: the first trial probes and writes the run's file, the later ones read it. */
class RunCeilingsTest {

    @Test
    void theFirstTrialMeasuresAndTheNextOnesReadIt(@TempDir Path dir) {
        Path file = dir.resolve("run.properties");
        AtomicInteger probes = new AtomicInteger();
        Optional<Floor.Ceilings> first = RunCeilings.find(file, gpu -> {
            probes.incrementAndGet();
            return new Floor.Ceilings(4189.54, 731.46);
        }, 0);
        Optional<Floor.Ceilings> second = RunCeilings.find(file, gpu -> {
            throw new AssertionError("the run's file holds the ceilings");
        }, 0);
        assertEquals(1, probes.get());
        assertEquals(new Floor.Ceilings(4189.54, 731.46), first.orElseThrow());
        // the file keeps a tenth of a unit: what every later trial of the run judges against
        assertEquals(new Floor.Ceilings(4189.5, 731.5), second.orElseThrow());
    }

    @Test
    void aFailedProbeLeavesTheRunWithoutFloorsAndIsNotRepeated(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.properties");
        Optional<Floor.Ceilings> none = RunCeilings.find(file, gpu -> {
            throw new IllegalStateException("no GPU");
        }, 0);
        assertTrue(none.isEmpty());
        Optional<Floor.Ceilings> later = RunCeilings.find(file, gpu -> {
            throw new AssertionError("the run's file says the probe failed: not again");
        }, 0);
        assertTrue(later.isEmpty());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left beside the run's");
        }
    }

    @Test
    void anUnreadableFileIsMeasuredAgain(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("run.properties"), "copy_gbps=fast\n");
        Optional<Floor.Ceilings> c = RunCeilings.find(file, gpu -> new Floor.Ceilings(3000, 700), 0);
        assertEquals(new Floor.Ceilings(3000, 700), c.orElseThrow());
        assertEquals(new Floor.Ceilings(3000, 700), RunCeilings.read(file).orElseThrow());
    }

    @Test
    void theGpusDescriptionJoinsTheCeilingsInTheRunsFile(@TempDir Path dir) {
        Path file = dir.resolve("run.properties");
        RunCeilings.find(file, gpu -> new Floor.Ceilings(4200.7, 757.5), 0);
        RunCeilings.describe(file, new DeviceInfo(0, "NVIDIA H200", 132, 9, 0, 141L << 30, 13000, 13010));
        java.util.Properties p = RunCeilings.load(file);
        assertEquals("NVIDIA H200", p.getProperty("gpu"));
        assertEquals("13.0", p.getProperty("driver_cuda"));
        assertEquals("13.1", p.getProperty("runtime_cuda"));
        assertEquals(new Floor.Ceilings(4200.7, 757.5), RunCeilings.read(file).orElseThrow());
    }

    @Test
    void theRunFileIsNamedAfterThisJvmOutsideAFork() {
        String name = RunCeilings.runFile().getFileName().toString();
        assertTrue(name.startsWith("llmbench-run-" + ProcessHandle.current().pid() + "-"), name);
        assertTrue(name.endsWith(".properties"), name);
        assertEquals(RunCeilings.runFile(), RunCeilings.runFile(ProcessHandle.current()), "what the suite's JVM reads");
    }
}
