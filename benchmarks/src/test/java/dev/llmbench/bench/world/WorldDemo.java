package dev.llmbench.bench.world;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One rank of a run with the GPU work stubbed (for WorldProtocolTest): rank 0 leads TRIALS trials of CALLS
 * calls each and checks every answer; the others answer "rank R trial T call N session S". Faults for the
 * tests, in the environment: LLMBENCH_TEST_CRASH=R:T (rank R halts with status 3 when trial T begins) and
 * LLMBENCH_TEST_HANG=R:T (rank R never answers trial T's first call); LLMBENCH_TEST_TIMEOUT_MS is rank 0's
 * wait per command, LLMBENCH_TEST_JOIN_S the other ranks' wait for rank 0. Exit status 0 when rank 0 saw every answer, 1 with one ERROR line otherwise.
 */
public final class WorldDemo {
    static final int TRIALS = 3, CALLS = 2;

    private WorldDemo() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        try {
            WorldEnv world = WorldEnv.from(env);
            Duration timeout = Duration.ofMillis(Long.parseLong(env.getOrDefault("LLMBENCH_TEST_TIMEOUT_MS", "20000")));
            if (world.leader()) lead(world, timeout);
            else follow(world, env);
            System.exit(0);
        } catch (RuntimeException e) {
            System.err.println("ERROR: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void lead(WorldEnv world, Duration timeout) {
        byte[] session = ("session of " + ProcessHandle.current().pid()).getBytes();
        try (Leader leader = Rendezvous.lead(world, session, Duration.ofSeconds(30))) {
            TrialProtocol trials = new TrialProtocol(leader, timeout);
            int answers = 0;
            for (int t = 0; t < TRIALS; t++) {
                trials.beginTrial(Map.of("trial", String.valueOf(t)));
                for (int n = 0; n < CALLS; n++) {
                    List<String> results = trials.call();
                    for (int r = 1; r < world.size(); r++) {
                        String want = answer(r, t, n, session);
                        if (!results.get(r - 1).equals(want)) {
                            throw new IllegalStateException("rank " + r + " answered '" + results.get(r - 1) + "', not '" + want + "'");
                        }
                        answers++;
                    }
                }
                trials.endTrial();
            }
            System.out.println("ok: " + answers + " answers from " + (world.size() - 1) + " ranks");
        }
    }

    private static void follow(WorldEnv world, Map<String, String> env) {
        Follower follower = Rendezvous.follow(world, Duration.ofSeconds(Long.parseLong(env.getOrDefault("LLMBENCH_TEST_JOIN_S", "30"))));
        int crashAt = faultTrial(env.get("LLMBENCH_TEST_CRASH"), world.rank());
        int hangAt = faultTrial(env.get("LLMBENCH_TEST_HANG"), world.rank());
        follower.serve(TrialProtocol.handler(new TrialProtocol.RankWork() {
            int trial;

            @Override
            public void beginTrial(Map<String, String> params) {
                trial = Integer.parseInt(params.get("trial"));
                if (trial == crashAt) Runtime.getRuntime().halt(3);
            }

            @Override
            public String call(long n, Map<String, String> fields) {
                if (trial == hangAt) {
                    while (true) sleep();
                }
                return answer(world.rank(), trial, n, follower.sessionId());
            }

            @Override
            public void endTrial() {
            }
        }));
    }

    static String answer(int rank, int trial, long call, byte[] session) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(session);
            return "rank " + rank + " trial " + trial + " call " + call + " session " + Base64.getEncoder().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int faultTrial(String spec, int rank) {
        if (spec == null) return -1;
        String[] p = spec.split(":");
        return Integer.parseInt(p[0]) == rank ? Integer.parseInt(p[1]) : -1;
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
