package dev.llmbench.runtime;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.Cuda;
import dev.llmbench.cuda.Device;
import dev.llmbench.cuda.DeviceInfo;
import dev.llmbench.cuda.NcclCommunicator;
import dev.llmbench.model.Shard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A decoder split over GPUs (Megatron tensor parallelism): this process's rank r is a {@link DecoderEngine} of
 * {@link Shard} (first + r, N) on device r, built and driven by its own thread (its device current there), its
 * all-reduces through its NCCL communicator and captured in its step graph with the rest of its step. The group is
 * this process's GPUs ({@code ncclCommInitAll}), or spans processes ({@link NcclGroup.OverProcesses}: one per node,
 * joined by the unique id the launcher's rendezvous carried; another process's failure ends this one's calls
 * through {@link #abort}).
 * A call (generate, a phase, a step) runs on every rank at once and returns when all are done; rank 0's result is the
 * engine's, and the ranks' tokens must agree (the LM head and routers, whole on every rank, are chosen without timing:
 * {@link dev.llmbench.layers.Linear#replicated}). Prompts are checked once, before any rank runs. When a rank fails,
 * or the ranks take longer than {@link #RANK_TIMEOUT_S}, every communicator is aborted at once so no rank waits
 * forever in a collective, the other ranks' calls are waited out, the call fails naming the first rank that failed,
 * and the engine refuses further calls. NCCL's own buffers are outside the memory plan.
 */
public final class TensorParallelEngine implements Decoder {
    /** How long one call (build included) may take on the ranks before the group is declared stuck. */
    static final long RANK_TIMEOUT_S = 600;
    /** How long the other ranks get to return once the communicators are aborted. */
    private static final long ABORT_WAIT_S = 30;

    private final EngineSpec spec;
    private final List<ExecutorService> threads = new ArrayList<>();
    private final NcclCommunicator[] communicators;
    private final List<DecoderEngine> ranks = new ArrayList<>();
    private final double buildSeconds;
    /** Why an earlier call failed (its communicators are aborted), or null. */
    private volatile String broken;

    private TensorParallelEngine(EngineSpec spec, NcclGroup group) {
        long t0 = System.nanoTime();
        this.spec = spec;
        int worldSize = spec.shard().size();
        int local = group.localGpus(worldSize);
        int firstRank = group.firstRank();
        int[] devices = devices(group, worldSize);
        requireFits(spec, group);
        for (int r = 0; r < local; r++) {
            int rank = firstRank + r;
            threads.add(Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, "llmbench-rank-" + rank);
                t.setDaemon(true);
                return t;
            }));
        }
        NcclCommunicator[] made = new NcclCommunicator[local];
        this.communicators = made; // filled below; a failure aborts those made
        try {
            if (group instanceof NcclGroup.OverProcesses g) {
                // each rank joins on its own thread: ncclCommInitRank returns once every rank of every process has
                onEveryRank(r -> made[r] = NcclCommunicator.initRank(worldSize, g.uniqueId(), firstRank + r, devices[r]));
            } else {
                System.arraycopy(NcclCommunicator.initAll(devices), 0, made, 0, local);
            }
            DecoderEngine[] built = new DecoderEngine[local]; // what a failed build must give back
            try {
                onEveryRank(r -> built[r] = new DecoderEngine(spec.rank(new Shard(firstRank + r, worldSize), devices[r],
                        spec.cudaGraph()), null, new NcclAllReduce(made[r])));
            } finally {
                ranks.addAll(Arrays.asList(built)); // local rank r at index r; null where its build failed (all have ended)
            }
        } catch (RuntimeException e) {
            try {
                closeAll(made);
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        this.buildSeconds = (System.nanoTime() - t0) / 1e9;
    }

    /** Builds the ranks of {@code spec} (the whole model; its shard's size is the world size) on GPUs 0 … size-1. */
    public static TensorParallelEngine build(EngineSpec spec) {
        return build(spec, new NcclGroup.ThisProcess());
    }

    /**
     * Builds this process's ranks of {@code spec} (the whole model; its shard's size is the world size over every
     * process of {@code group}) on its GPUs 0 … local-1.
     */
    public static TensorParallelEngine build(EngineSpec spec, NcclGroup group) {
        spec.validate();
        return new TensorParallelEngine(spec, group);
    }

    /**
     * Ends every rank's collectives now (another process of the group failed): the ranks' calls in flight return with
     * an error and the engine takes no further calls. Safe from any thread.
     */
    @Override
    public void abort() {
        broken = "aborted: another process of the group failed";
        abortAll();
    }

    /** This process's devices of {@code group}. */
    private static int[] devices(NcclGroup group, int worldSize) {
        int[] devices = new int[group.localGpus(worldSize)];
        for (int r = 0; r < devices.length; r++) devices[r] = group.firstDevice() + r;
        return devices;
    }

    /**
     * Throws one clear message, before anything is allocated, when this process cannot hold its ranks of {@code spec}:
     * fewer GPUs than it needs, or a rank's plan beyond its GPU's free memory.
     */
    public static void requireFits(EngineSpec spec, NcclGroup group) {
        int size = spec.shard().size();
        int[] devices = devices(group, size);
        int needed = devices[devices.length - 1] + 1;
        int visible = Device.count();
        if (needed > visible) {
            throw new LlmbenchException(devices.length == size
                    ? "world size " + size + " needs " + size + " GPUs in this process; this host shows " + visible
                            + " (CUDA_VISIBLE_DEVICES, or several nodes through the launcher)"
                    : "world size " + size + ": this process's ranks need devices " + devices[0] + " .. " + (needed - 1)
                            + "; this host shows " + visible);
        }
        if (group.firstRank() + devices.length > size) {
            throw new IllegalArgumentException("ranks " + group.firstRank() + " .. " + (group.firstRank() + devices.length - 1)
                    + " of " + size);
        }
        for (int r = 0; r < devices.length; r++) {
            Device dev = Device.open(devices[r]);
            EngineSpec rank = spec.rank(new Shard(group.firstRank() + r, size), devices[r], false);
            // NCCL's buffers come on top of the plan, when the communicator connects: keep them free
            MemoryPlan.of(rank, dev.info().smCount()).requireFits(rank, Cuda.memoryInfo()[0],
                    dev.info().name() + " (rank " + (group.firstRank() + r) + ")", dev.info().smCount(), MemoryPlan.NCCL_RESERVE);
        }
        Device.open(devices[0]); // the checks made each device current in turn: leave this process's first one current
    }

    /**
     * {@code work} on every rank's thread at once (each thread's device is its rank's, set when the rank was built);
     * the ranks' results in rank order. The first failure or the timeout aborts every communicator at once (the other
     * ranks' collectives then return), the other ranks' work is waited out, and the failure is rethrown naming the
     * rank; the engine takes no further calls.
     */
    private <T> List<T> onEveryRank(IntFunction<T> work) {
        if (broken != null) throw new LlmbenchException("the tensor-parallel group failed earlier: " + broken);
        int size = threads.size();
        BlockingQueue<Integer> finished = new LinkedBlockingQueue<>(); // ranks, in the order they end
        List<Future<T>> futures = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            int rank = r;
            futures.add(threads.get(r).submit(() -> {
                try {
                    return work.apply(rank);
                } finally {
                    finished.add(rank);
                }
            }));
        }
        List<T> results = new ArrayList<>(Collections.nCopies(size, null));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RANK_TIMEOUT_S);
        for (int ended = 0; ended < size; ended++) {
            Integer rank;
            try {
                rank = finished.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw fail(finished, size - ended, "interrupted while the ranks ran", null);
            }
            if (rank == null) throw fail(finished, size - ended, "a rank did not finish within " + RANK_TIMEOUT_S + " s", null);
            try {
                results.set(rank, futures.get(rank).get());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw fail(finished, size - ended - 1, "rank " + rank + " of " + size + ": " + cause.getMessage(), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw fail(finished, size - ended - 1, "interrupted while the ranks ran", null);
            }
        }
        return results;
    }

    /**
     * Marks the group broken, aborts every communicator, waits (bounded) for the {@code pending} ranks still running,
     * and returns the exception to throw.
     */
    private RuntimeException fail(BlockingQueue<Integer> finished, int pending, String why, Throwable cause) {
        broken = why;
        abortAll();
        try {
            for (int i = 0; i < pending; i++) {
                if (finished.poll(ABORT_WAIT_S, TimeUnit.SECONDS) == null) break; // stuck even after the abort
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return cause instanceof LlmbenchException ? new LlmbenchException(why, cause) : new IllegalStateException(why, cause);
    }

    /** ncclCommAbort on every rank: their collectives in flight return, and the communicators take no more. */
    private void abortAll() {
        for (NcclCommunicator c : communicators) {
            if (c == null) continue; // not made (its rank failed to join)
            try {
                c.abort();
            } catch (RuntimeException ignored) {
                // already failed or closed: the others must still be aborted
            }
        }
    }

    @Override
    public GenerateResult generate(int[][] prompts) {
        DecoderEngine.requirePrompts(spec, prompts); // a user's error, once, not a failure of every rank
        List<GenerateResult> results = onEveryRank(r -> ranks.get(r).generate(prompts));
        for (int r = 1; r < results.size(); r++) {
            if (!Arrays.deepEquals(results.get(r).tokens(), results.get(0).tokens())) {
                throw new IllegalStateException("rank " + r + " generated other tokens than rank 0 after the same all-reduces");
            }
        }
        return results.get(0);
    }

    @Override
    public void contextPhase(int[][] prompts) {
        DecoderEngine.requirePrompts(spec, prompts);
        onEveryRank(r -> {
            ranks.get(r).contextPhase(prompts);
            return null;
        });
    }

    @Override
    public void generationStep(int step) {
        onEveryRank(r -> {
            ranks.get(r).generationStep(step);
            return null;
        });
    }

    @Override
    public Breakdown breakdown(int[][] prompts) {
        DecoderEngine.requirePrompts(spec, prompts);
        return onEveryRank(r -> ranks.get(r).breakdown(prompts)).get(0);
    }

    @Override
    public long stepGraphNodes() {
        return ranks.get(0).stepGraphNodes();
    }

    @Override
    public float[] logits() {
        return onEveryRank(r -> r == 0 ? ranks.get(0).logits() : null).get(0);
    }

    @Override
    public EngineSpec spec() {
        return spec;
    }

    @Override
    public DeviceInfo device() {
        return ranks.get(0).device();
    }

    @Override
    public MemoryPlan memoryPlan() {
        return ranks.get(0).memoryPlan();
    }

    @Override
    public double buildSeconds() {
        return buildSeconds;
    }

    /** The largest peak of any rank's GPU. */
    @Override
    public long peakDeviceBytes() {
        return ranks.stream().mapToLong(DecoderEngine::peakDeviceBytes).max().orElse(0);
    }

    /** Closes every rank on its own thread, then the communicators, then the threads. */
    @Override
    public void close() {
        closeAll(communicators);
    }

    private void closeAll(NcclCommunicator[] communicators) {
        RuntimeException failure = null;
        for (int r = 0; r < ranks.size(); r++) {
            DecoderEngine engine = ranks.get(r);
            if (engine == null) continue;
            try {
                threads.get(r).submit(engine::close).get(RANK_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (failure == null) failure = new IllegalStateException("closing rank " + r + ": " + e, e);
            }
        }
        ranks.clear();
        for (NcclCommunicator c : communicators) {
            if (c == null) continue;
            try {
                c.close();
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
            }
        }
        for (ExecutorService t : threads) t.shutdownNow();
        if (failure != null) throw failure;
    }
}
