package dev.llmbench.bench.world;

import dev.llmbench.bench.params.DecoderTrial;
import dev.llmbench.bench.params.TrialParams;
import dev.llmbench.cuda.DeviceInfo;
import dev.llmbench.runtime.Breakdown;
import dev.llmbench.runtime.Decoder;
import dev.llmbench.runtime.EngineSpec;
import dev.llmbench.runtime.GenerateResult;
import dev.llmbench.runtime.MemoryPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Rank 0's decoder over several processes ({@link ClusterDecoder}) and the other processes' side ({@link NodeRanks}),
 * over real sockets on this machine with the GPU work stubbed (a {@link Decoder} that logs its calls): every process
 * builds the same trial (same spec, same prompts from the trial's seed) and makes rank 0's calls in step; a process
 * that fails, or generates other tokens, ends the run on every process and the failure names it.
 */
class ClusterDecoderTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A decoder that logs what it is asked; its tokens come from the prompts (plus {@code skew}). */
    static final class LoggingDecoder implements Decoder {
        final List<String> log;
        private final EngineSpec spec;
        private final int skew;
        private final String failOn;

        LoggingDecoder(EngineSpec spec, List<String> log, int skew, String failOn) {
            this.spec = spec;
            this.log = log;
            this.skew = skew;
            this.failOn = failOn;
            log.add("build " + spec.config().name() + " batch " + spec.batch() + " world " + spec.shard().size());
        }

        private void did(String what) {
            log.add(what);
            if (what.startsWith(String.valueOf(failOn))) throw new IllegalStateException("this rank's GPU failed at " + what);
        }

        @Override
        public GenerateResult generate(int[][] prompts) {
            did("generate " + Arrays.deepHashCode(prompts));
            int[][] tokens = new int[prompts.length][spec.outputLen()];
            for (int b = 0; b < prompts.length; b++) for (int i = 0; i < tokens[b].length; i++) tokens[b][i] = prompts[b][0] + i + skew;
            return new GenerateResult(tokens, 1, 2, 3);
        }

        @Override
        public void contextPhase(int[][] prompts) {
            did("context " + Arrays.deepHashCode(prompts));
        }

        @Override
        public void generationStep(int step) {
            did("step " + step);
        }

        @Override
        public Breakdown breakdown(int[][] prompts) {
            did("breakdown");
            return null;
        }

        @Override
        public long stepGraphNodes() {
            return -1;
        }

        @Override
        public float[] logits() {
            return new float[0];
        }

        @Override
        public EngineSpec spec() {
            return spec;
        }

        @Override
        public DeviceInfo device() {
            return null;
        }

        @Override
        public MemoryPlan memoryPlan() {
            return null;
        }

        @Override
        public double buildSeconds() {
            return 0;
        }

        @Override
        public long peakDeviceBytes() {
            return 0;
        }

        @Override
        public void abort() {
            log.add("abort");
        }

        @Override
        public void close() {
            log.add("close");
        }
    }

    /** What a process builds for a trial: its stubbed GPU work, logging into {@code log}. */
    interface Work {
        Decoder build(int rank, List<String> log, EngineSpec spec);
    }

    /**
     * Processes 1 .. size-1 as threads of this JVM, each serving rank 0 with its own stubbed GPU work. A process
     * whose run is lost records why (the first reason) and stops serving, where a real one exits non-zero.
     */
    private static final class Others {
        final Map<Integer, List<String>> logs = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<Integer, String> lost = new java.util.concurrent.ConcurrentSkipListMap<>();
        final CountDownLatch ended;

        Others(int size, int port, Work work) {
            ended = new CountDownLatch(size - 1);
            for (int r = 1; r < size; r++) {
                int rank = r;
                List<String> log = Collections.synchronizedList(new ArrayList<>());
                logs.put(rank, log);
                Thread[] serving = new Thread[1];
                serving[0] = new Thread(() -> {
                    try (Follower f = Rendezvous.follow(new WorldEnv(rank, size, "127.0.0.1", port), TIMEOUT)) {
                        f.serve(TrialProtocol.handler(new NodeRanks((spec, params) -> work.build(rank, log, spec))), why -> {
                            lost.putIfAbsent(rank, why);
                            serving[0].interrupt(); // stop waiting for commands, as a process that exits
                        });
                    } finally {
                        ended.countDown();
                    }
                }, "test rank " + rank);
                serving[0].setDaemon(true);
                serving[0].start();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Map<String, String> trialParams(int worldSize) {
        return TrialParams.of("gpt_350m", "plugin", "float16", "none", 2, "5:4", true, worldSize, System.nanoTime());
    }

    @ParameterizedTest(name = "{0} processes")
    @ValueSource(ints = {2, 4})
    void everyProcessBuildsTheTrialAndMakesRankZerosCallsInStep(int size) throws Exception {
        int port = freePort();
        Others others = new Others(size, port, (rank, log, spec) -> new LoggingDecoder(spec, log, 0, null));
        List<String> mine = Collections.synchronizedList(new ArrayList<>());
        Map<String, String> params = trialParams(2 * size);
        DecoderTrial trial = DecoderTrial.of(params);
        try (Leader leader = Rendezvous.lead(new WorldEnv(0, size, "127.0.0.1", port), new byte[] {7, 7}, TIMEOUT)) {
            TrialProtocol protocol = new TrialProtocol(leader, TIMEOUT);
            try (ClusterDecoder d = ClusterDecoder.build(params, () -> new LoggingDecoder(trial.spec(), mine, 0, null), protocol)) {
                d.generate(trial.prompts());
                d.contextPhase(trial.prompts());
                d.generationStep(3);
                d.breakdown(trial.prompts());
            }
        }
        assertTrue(others.ended.await(30, TimeUnit.SECONDS), "the other processes did not end");
        assertEquals(Map.of(), others.lost);
        int prompts = Arrays.deepHashCode(trial.prompts());
        assertEquals(List.of("build gpt_350m batch 2 world " + 2 * size, "generate " + prompts, "context " + prompts, "step 3",
                "breakdown", "close"), mine);
        for (int r = 1; r < size; r++) assertEquals(mine, others.logs.get(r), "rank " + r + "'s calls");
    }

    @Test
    void aProcessThatFailsToBuildEndsTheRunNamingItsRank() throws Exception {
        int port = freePort();
        Others others = new Others(3, port, (rank, log, spec) -> {
            if (rank == 2) throw new IllegalStateException("no GPU 1 on this node");
            return new LoggingDecoder(spec, log, 0, null);
        });
        Map<String, String> params = trialParams(3);
        DecoderTrial trial = DecoderTrial.of(params);
        List<String> mine = Collections.synchronizedList(new ArrayList<>());
        try (Leader leader = Rendezvous.lead(new WorldEnv(0, 3, "127.0.0.1", port), new byte[] {1}, TIMEOUT)) {
            TrialProtocol protocol = new TrialProtocol(leader, TIMEOUT);
            RankFailure f = assertThrows(RankFailure.class,
                    () -> ClusterDecoder.build(params, () -> new LoggingDecoder(trial.spec(), mine, 0, null), protocol));
            assertEquals(2, f.rank());
            assertEquals("rank 2 failed TRIAL: no GPU 1 on this node", f.getMessage());
        }
        assertTrue(others.ended.await(30, TimeUnit.SECONDS), "the other processes did not end");
        String why = "the run failed: rank 2 failed TRIAL: no GPU 1 on this node";
        assertEquals(Map.of(1, why, 2, why), others.lost);
    }

    @Test
    void otherTokensOnAnotherProcessEndTheRun() throws Exception {
        int port = freePort();
        Others others = new Others(2, port, (rank, log, spec) -> new LoggingDecoder(spec, log, 1, null));
        Map<String, String> params = trialParams(2);
        DecoderTrial trial = DecoderTrial.of(params);
        try (Leader leader = Rendezvous.lead(new WorldEnv(0, 2, "127.0.0.1", port), new byte[] {1}, TIMEOUT)) {
            ClusterDecoder d = ClusterDecoder.build(params, () -> new LoggingDecoder(trial.spec(), new ArrayList<>(), 0, null),
                    new TrialProtocol(leader, TIMEOUT));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.generate(trial.prompts()));
            assertEquals("rank 1 generated other tokens than rank 0 after the same all-reduces", e.getMessage());
        }
        assertTrue(others.ended.await(30, TimeUnit.SECONDS), "the other process did not end");
        assertEquals(Map.of(1, "the run failed: rank 1 generated other tokens than rank 0"), others.lost);
    }

    @Test
    void aFailingCallElsewhereAbortsRankZerosCollectivesAndNamesTheRank() throws Exception {
        int port = freePort();
        Others others = new Others(2, port, (rank, log, spec) -> new LoggingDecoder(spec, log, 0, "step"));
        Map<String, String> params = trialParams(2);
        DecoderTrial trial = DecoderTrial.of(params);
        List<String> mine = Collections.synchronizedList(new ArrayList<>());
        try (Leader leader = Rendezvous.lead(new WorldEnv(0, 2, "127.0.0.1", port), new byte[] {1}, TIMEOUT)) {
            ClusterDecoder d = ClusterDecoder.build(params, () -> new LoggingDecoder(trial.spec(), mine, 0, null),
                    new TrialProtocol(leader, TIMEOUT));
            RankFailure f = assertThrows(RankFailure.class, () -> d.generationStep(1));
            assertEquals("rank 1 failed CALL: this rank's GPU failed at step 1", f.getMessage());
        }
        assertTrue(mine.contains("abort"), "rank 0's own ranks were not aborted: " + mine);
        assertTrue(others.ended.await(30, TimeUnit.SECONDS), "the other process did not end");
        assertEquals(Map.of(1, "the run failed: rank 1 failed CALL: this rank's GPU failed at step 1"), others.lost);
    }

    @Test
    void rankZerosOwnFailureEndsEveryOtherProcess() throws Exception {
        int port = freePort();
        Others others = new Others(3, port, (rank, log, spec) -> new LoggingDecoder(spec, log, 0, null));
        Map<String, String> params = trialParams(3);
        DecoderTrial trial = DecoderTrial.of(params);
        try (Leader leader = Rendezvous.lead(new WorldEnv(0, 3, "127.0.0.1", port), new byte[] {1}, TIMEOUT)) {
            ClusterDecoder d = ClusterDecoder.build(params, () -> new LoggingDecoder(trial.spec(), new ArrayList<>(), 0, "context"),
                    new TrialProtocol(leader, TIMEOUT));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.contextPhase(trial.prompts()));
            assertTrue(e.getMessage().startsWith("this rank's GPU failed at context"), e.getMessage());
        }
        assertTrue(others.ended.await(30, TimeUnit.SECONDS), "the other processes did not end");
        assertEquals(java.util.Set.of(1, 2), others.lost.keySet(), "lost: " + others.lost);
        for (String why : others.lost.values()) assertTrue(why.startsWith("the run failed: rank 0 failed: this rank's GPU failed"), why);
    }

}
