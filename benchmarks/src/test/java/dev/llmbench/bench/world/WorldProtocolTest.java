package dev.llmbench.bench.world;

import dev.llmbench.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The launcher's protocol across real processes on this machine, GPU work stubbed ({@link WorldDemo}): two and
 * four JVMs find rank 0, take the session id and follow its trials and calls; a rank that crashes or hangs ends
 * every rank with a non-zero status, and rank 0's one line names it.
 */
class WorldProtocolTest {
    /** Every rank must have ended by then: the hang case waits 3 s for its answer, a start takes about 1 s. */
    private static final long ALL_END_SECONDS = 60;

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {2, 4})
    void ranksFollowRankZerosTrialsAndCallsWithItsSession(int size) throws Exception {
        List<Ended> ranks = run(size, Map.of());
        for (Ended e : ranks) assertEquals(0, e.status, e.describe());
        int answers = WorldDemo.TRIALS * WorldDemo.CALLS * (size - 1);
        assertEquals("ok: " + answers + " answers from " + (size - 1) + " ranks", ranks.get(0).out.strip(), ranks.get(0).describe());
    }

    @Test
    void aCrashedRankEndsEveryRankAndRankZeroNamesIt() throws Exception {
        List<Ended> ranks = run(4, Map.of("LLMBENCH_TEST_CRASH", "2:1"));
        assertEquals(3, ranks.get(2).status, ranks.get(2).describe());
        for (int r : new int[] {0, 1, 3}) assertEquals(1, ranks.get(r).status, ranks.get(r).describe());
        assertEquals("ERROR: rank 2 ended (exited or crashed) during TRIAL", ranks.get(0).err.strip());
        assertTrue(ranks.get(1).err.contains("ERROR: rank 1: the run failed: rank 2 ended (exited or crashed) during TRIAL"),
                ranks.get(1).describe());
    }

    @Test
    void aHungRankEndsEveryRankItselfIncludedAndRankZeroNamesIt() throws Exception {
        List<Ended> ranks = run(3, Map.of("LLMBENCH_TEST_HANG", "1:0", "LLMBENCH_TEST_TIMEOUT_MS", "3000"));
        for (Ended e : ranks) assertEquals(1, e.status, e.describe());
        assertEquals("ERROR: rank 1 did not answer CALL within 3.0 s", ranks.get(0).err.strip());
        assertTrue(ranks.get(1).err.contains("ERROR: rank 1: the run failed: rank 1 did not answer CALL"), ranks.get(1).describe());
    }

    @Test
    void aRankWithoutRankZeroGivesUpNamingTheAddress() throws Exception {
        int port = freePort();
        ProcessBuilder pb = ChildJvm.of(WorldDemo.class);
        pb.environment().putAll(Map.of("LLMBENCH_RANK", "1", "LLMBENCH_WORLD_SIZE", "2", "LLMBENCH_MASTER", "127.0.0.1:" + port,
                "LLMBENCH_TEST_JOIN_S", "3"));
        Ended e = Ended.of(pb, 1, 60);
        assertEquals(1, e.status, e.describe());
        assertEquals("ERROR: rank 1 could not join rank 0 at 127.0.0.1:" + port + " within 3 s: is rank 0 running, and is that"
                + " its address (LLMBENCH_MASTER)?", e.err.strip());
    }

    private static List<Ended> run(int size, Map<String, String> faults) throws Exception {
        int port = freePort();
        List<Process> processes = new ArrayList<>();
        List<Path[]> logs = new ArrayList<>();
        try {
            for (int r = 0; r < size; r++) {
                ProcessBuilder pb = ChildJvm.of(WorldDemo.class);
                pb.environment().putAll(Map.of("LLMBENCH_RANK", String.valueOf(r), "LLMBENCH_WORLD_SIZE", String.valueOf(size),
                        "LLMBENCH_MASTER", "127.0.0.1:" + port));
                pb.environment().putAll(faults);
                Path out = Files.createTempFile("rank" + r, ".out"), err = Files.createTempFile("rank" + r, ".err");
                pb.redirectOutput(out.toFile()).redirectError(err.toFile());
                logs.add(new Path[] {out, err});
                processes.add(pb.start());
            }
            List<Ended> ended = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ALL_END_SECONDS);
            for (int r = 0; r < size; r++) {
                long left = Math.max(1, deadline - System.nanoTime());
                boolean done = processes.get(r).waitFor(left, TimeUnit.NANOSECONDS);
                assertTrue(done, "rank " + r + " still runs " + ALL_END_SECONDS + " s after the start (an orphan)");
                ended.add(new Ended(r, processes.get(r).exitValue(), Files.readString(logs.get(r)[0]), Files.readString(logs.get(r)[1])));
            }
            return ended;
        } finally {
            for (Process p : processes) p.destroyForcibly();
            for (Path[] l : logs) for (Path p : l) Files.deleteIfExists(p);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private record Ended(int rank, int status, String out, String err) {
        static Ended of(ProcessBuilder pb, int rank, long seconds) throws Exception {
            Path out = Files.createTempFile("rank", ".out"), err = Files.createTempFile("rank", ".err");
            try {
                Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail("rank " + rank + " still runs after " + seconds + " s");
                }
                return new Ended(rank, p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }

        String describe() {
            return "rank " + rank + " exit " + status + "; out: " + out.strip() + "; err: " + err.strip();
        }
    }
}
