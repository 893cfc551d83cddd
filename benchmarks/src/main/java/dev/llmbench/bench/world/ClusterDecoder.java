package dev.llmbench.bench.world;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.DeviceInfo;
import dev.llmbench.runtime.Breakdown;
import dev.llmbench.runtime.Decoder;
import dev.llmbench.runtime.EngineSpec;
import dev.llmbench.runtime.GenerateResult;
import dev.llmbench.runtime.MemoryPlan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/**
 * Rank 0's decoder in a run over several processes: its own ranks of the tensor-parallel group, and every call made
 * on the other processes in step ({@link TrialProtocol}), sent before its own ranks start it (their collectives wait
 * for the others'). It returns when every process is done. When another process fails, its own ranks' collectives
 * are aborted and the call fails naming that rank; when its own part fails, every other process is ended; either
 * way the run is over. A generate's tokens must be the same on every process. A call's time includes the message to
 * the other processes (one TCP round trip and two thread hand-offs on each side, tens of microseconds on a fast
 * network): a generation step of a small model over several nodes is timed a little long.
 */
final class ClusterDecoder implements Decoder {
    private final Decoder local;
    private final TrialProtocol protocol;
    /** Sends to the other processes and waits for their answers. */
    private final ExecutorService sender;
    /** Runs this process's part of each call (so a wait can watch both sides). */
    private final ExecutorService worker;

    private ClusterDecoder(Decoder local, TrialProtocol protocol, ExecutorService sender, ExecutorService worker) {
        this.local = local;
        this.protocol = protocol;
        this.sender = sender;
        this.worker = worker;
    }

    /**
     * The trial of {@code params} built on every process at once: {@code localBuild} here, the same trial on the
     * others (they build their ranks of the same spec, and the same prompts, from the same parameters).
     */
    static ClusterDecoder build(Map<String, String> params, Supplier<Decoder> localBuild, TrialProtocol protocol) {
        ExecutorService sender = Executors.newSingleThreadExecutor(daemon("llmbench-rank-0-sends"));
        ExecutorService worker = Executors.newSingleThreadExecutor(daemon("llmbench-rank-0-works"));
        try {
            BlockingQueue<Side> ended = new LinkedBlockingQueue<>();
            Future<List<String>> others = submit(sender, () -> {
                protocol.beginTrial(params);
                return List.of();
            }, ended, Side.OTHERS);
            Future<Decoder> mine = submit(worker, localBuild::get, ended, Side.MINE);
            try {
                // the others failing leave this process's ranks waiting for them (NCCL's init): the build is abandoned
                awaitBoth(ended, mine, others, protocol, null);
            } catch (RuntimeException e) {
                closeIfBuilt(mine, e);
                throw e;
            }
            return new ClusterDecoder(mine.get(), protocol, sender, worker);
        } catch (ExecutionException | InterruptedException e) {
            sender.shutdownNow();
            worker.shutdownNow();
            throw new IllegalStateException("building the trial: " + e, e);
        } catch (RuntimeException e) {
            sender.shutdownNow();
            worker.shutdownNow();
            throw e;
        }
    }

    /** This process's ranks, where their build ended well while the others' failed: given back. */
    private static void closeIfBuilt(Future<Decoder> mine, RuntimeException failure) {
        if (!mine.isDone()) return; // still waiting for the others (NCCL's init): abandoned with its thread
        try {
            mine.get().close();
        } catch (ExecutionException | InterruptedException notBuilt) {
            // it failed itself: nothing to give back
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Which side of a call ended, in the order they end. */
    private enum Side { MINE, OTHERS }

    /** {@code task} on {@code executor}, reporting its end to {@code ended} as {@code side} (failed or not). */
    private static <T> Future<T> submit(ExecutorService executor, Callable<T> task, BlockingQueue<Side> ended, Side side) {
        return executor.submit(() -> {
            try {
                return task.call();
            } finally {
                ended.add(side);
            }
        });
    }

    /**
     * Waits for this process's work and the others' answers, each looked at as soon as it ends (no polling: the call
     * is timed). The others failing aborts {@code local}'s collectives (when there is one yet) and rethrows their
     * failure (naming the rank); this process's failing ends the others and rethrows its own.
     */
    private static <T> void awaitBoth(BlockingQueue<Side> ended, Future<T> mine, Future<List<String>> others, TrialProtocol protocol,
                                      Decoder local) {
        for (int i = 0; i < 2; i++) {
            Side side;
            try {
                side = ended.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LlmbenchException("interrupted while the processes ran");
            }
            if (side == Side.OTHERS) requireOthers(others, local);
            else requireMine(mine, protocol);
        }
    }

    /** The others' failure (naming the rank), after aborting {@code local}'s collectives that wait for them. */
    private static void requireOthers(Future<List<String>> others, Decoder local) {
        try {
            others.get();
        } catch (ExecutionException e) {
            if (local != null) local.abort();
            throw unwrap(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmbenchException("interrupted while the other processes ran");
        }
    }

    /** This process's failure, after ending every other process. */
    private static void requireMine(Future<?> mine, TrialProtocol protocol) {
        try {
            mine.get();
        } catch (ExecutionException e) {
            RuntimeException failure = unwrap(e);
            protocol.abort("rank 0 failed: " + failure.getMessage());
            throw failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmbenchException("interrupted while rank 0 ran");
        }
    }

    private static RuntimeException unwrap(ExecutionException e) {
        return e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }

    /** {@code call} on every other process and {@code work} here, in step; the others' answers. */
    private <T> Answered<T> inStep(RankCall call, Map<String, String> extra, Callable<T> work) {
        Map<String, String> fields = new HashMap<>(extra);
        fields.put(RankCall.FIELD, call.name());
        BlockingQueue<Side> ended = new LinkedBlockingQueue<>();
        Future<List<String>> others = submit(sender, () -> protocol.call(fields), ended, Side.OTHERS);
        Future<T> mine = submit(worker, work, ended, Side.MINE);
        awaitBoth(ended, mine, others, protocol, local);
        try {
            return new Answered<>(mine.get(), others.get());
        } catch (ExecutionException | InterruptedException e) {
            throw new IllegalStateException(call + ": " + e, e); // both ended well in awaitBoth
        }
    }

    private record Answered<T>(T mine, List<String> others) {
    }

    @Override
    public GenerateResult generate(int[][] given) {
        Answered<GenerateResult> a = inStep(RankCall.GENERATE, Map.of(), () -> local.generate(given));
        String digest = NodeRanks.digest(a.mine().tokens());
        for (int i = 0; i < a.others().size(); i++) {
            if (!digest.equals(a.others().get(i))) {
                protocol.abort("rank " + (i + 1) + " generated other tokens than rank 0");
                throw new IllegalStateException("rank " + (i + 1) + " generated other tokens than rank 0 after the same all-reduces");
            }
        }
        return a.mine();
    }

    @Override
    public void contextPhase(int[][] given) {
        inStep(RankCall.CONTEXT_PHASE, Map.of(), () -> {
            local.contextPhase(given);
            return null;
        });
    }

    @Override
    public void generationStep(int step) {
        inStep(RankCall.GENERATION_STEP, Map.of(RankCall.STEP, String.valueOf(step)), () -> {
            local.generationStep(step);
            return null;
        });
    }

    @Override
    public Breakdown breakdown(int[][] given) {
        return inStep(RankCall.BREAKDOWN, Map.of(), () -> local.breakdown(given)).mine();
    }

    @Override
    public long stepGraphNodes() {
        return local.stepGraphNodes();
    }

    @Override
    public float[] logits() {
        return local.logits();
    }

    @Override
    public EngineSpec spec() {
        return local.spec();
    }

    @Override
    public DeviceInfo device() {
        return local.device();
    }

    @Override
    public MemoryPlan memoryPlan() {
        return local.memoryPlan();
    }

    @Override
    public double buildSeconds() {
        return local.buildSeconds();
    }

    @Override
    public long peakDeviceBytes() {
        return local.peakDeviceBytes();
    }

    @Override
    public void abort() {
        local.abort();
    }

    /** The trial's end on every process, then this process's ranks closed. */
    @Override
    public void close() {
        try {
            protocol.endTrial();
        } finally {
            try {
                local.close();
            } finally {
                sender.shutdownNow();
                worker.shutdownNow();
            }
        }
    }
}
