package dev.llmbench.bench.world;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Follow-the-leader over a run's trials: rank 0 runs JMH, and what its trial and each of its benchmark calls
 * need from the other ranks travels as commands, so every rank builds the same trial and makes the same call in
 * step (a tensor-parallel generate needs every rank's GPUs in each call). The other ranks' side is a
 * {@link RankWork}: the GPU work behind an interface, so the protocol runs (and is tested) without GPUs.
 * <pre>
 *   TRIAL params...   → every rank builds its part of the trial      ← READY
 *   CALL  n=N ...     → every rank makes benchmark call N           ← DONE result=...
 *                       (with the call's own fields: which call, its step)
 *   TRIAL_END         → every rank releases the trial               ← READY
 * </pre>
 */
public final class TrialProtocol {
    static final String TRIAL = "TRIAL", CALL = "CALL", TRIAL_END = "TRIAL_END", READY = "READY", DONE = "DONE";

    /** A rank's share of the work, run in step with rank 0's. */
    public interface RankWork {
        void beginTrial(Map<String, String> params);

        /** Benchmark call {@code n} of the trial (0, 1, ...) with rank 0's {@code fields}; the text goes back to rank 0. */
        String call(long n, Map<String, String> fields);

        void endTrial();
    }

    private final Leader leader;
    private final Duration timeout;
    private long calls;

    /** Rank 0's side: each command waits at most {@code timeout} for every rank's answer. */
    public TrialProtocol(Leader leader, Duration timeout) {
        this.leader = leader;
        this.timeout = timeout;
    }

    public void beginTrial(Map<String, String> params) {
        calls = 0;
        leader.command(new Message(TRIAL, params), timeout);
    }

    /** The next benchmark call on every other rank; their results in rank order (rank 1 first). */
    public List<String> call() {
        return call(Map.of());
    }

    /** As {@link #call()}, the call described by {@code fields} (which must not use "n"). */
    public List<String> call(Map<String, String> fields) {
        Map<String, String> message = new HashMap<>(fields);
        if (message.put("n", String.valueOf(calls++)) != null) throw new IllegalArgumentException("a call's field is named n");
        return leader.command(new Message(CALL, message), timeout).stream().map(m -> m.field("result")).toList();
    }

    public void endTrial() {
        leader.command(Message.of(TRIAL_END), timeout);
    }

    /** Ends the run on every other rank (each exits non-zero, told {@code why}): rank 0's own part failed. */
    public void abort(String why) {
        leader.abort(why);
    }

    /** The other ranks' side: {@code work} driven by rank 0's commands. */
    public static Follower.Handler handler(RankWork work) {
        return command -> switch (command.kind()) {
            case TRIAL -> {
                work.beginTrial(new HashMap<>(command.fields()));
                yield Message.of(READY);
            }
            case CALL -> Message.of(DONE, "result", work.call(Long.parseLong(command.field("n")), command.fields()));
            case TRIAL_END -> {
                work.endTrial();
                yield Message.of(READY);
            }
            default -> throw new IllegalStateException("rank 0 sent " + command.kind() + ", which no rank understands");
        };
    }
}
