package dev.llmbench.runtime;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.Cuda;
import dev.llmbench.cuda.Device;
import dev.llmbench.cuda.DeviceInfo;
import dev.llmbench.cuda.NcclCommunicator;
import dev.llmbench.model.Shard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A decoder split over the GPUs of this process (Megatron tensor parallelism): rank r is a {@link DecoderEngine} of
 * {@link Shard} (r, N) on device r, built and driven by its own thread (its device current there), its all-reduces
 * through its NCCL communicator ({@code ncclCommInitAll}) and captured in its step graph with the rest of its step.
 * A call (generate, a phase, a step) runs on every rank at once and returns when all are done; rank 0's result is the
 * engine's, and the ranks' tokens must agree. When a rank fails, or the ranks take longer than {@link #RANK_TIMEOUT_S},
 * every communicator is aborted so no rank waits forever in a collective, and the call fails naming the rank.
 */
public final class TensorParallelEngine implements Decoder {
    /** How long one call (build included) may take on the ranks before the group is declared stuck. */
    static final long RANK_TIMEOUT_S = 600;

    private final EngineSpec spec;
    private final List<ExecutorService> threads = new ArrayList<>();
    private final NcclCommunicator[] communicators;
    private final List<DecoderEngine> ranks = new ArrayList<>();
    private final double buildSeconds;

    private TensorParallelEngine(EngineSpec spec) {
        long t0 = System.nanoTime();
        this.spec = spec;
        int size = spec.shard().size();
        int[] devices = new int[size];
        for (int r = 0; r < size; r++) devices[r] = r;
        requireFitsEveryRank(spec, devices);
        for (int r = 0; r < size; r++) {
            int rank = r;
            threads.add(Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, "llmbench-rank-" + rank);
                t.setDaemon(true);
                return t;
            }));
        }
        NcclCommunicator[] made = null;
        try {
            made = NcclCommunicator.initAll(devices);
            NcclCommunicator[] comms = made;
            this.communicators = comms;
            DecoderEngine[] built = new DecoderEngine[size]; // what a failed build must give back
            try {
                onEveryRank(rank -> built[rank] = new DecoderEngine(rankSpec(spec, rank), null, new NcclAllReduce(comms[rank])));
            } finally {
                ranks.addAll(Arrays.asList(built)); // rank r at index r; null where its build failed
            }
        } catch (RuntimeException e) {
            closeAll(made);
            throw e;
        }
        this.buildSeconds = (System.nanoTime() - t0) / 1e9;
    }

    /** Builds the ranks of {@code spec} (the whole model; its shard's size is the world size) on GPUs 0 … size-1. */
    public static TensorParallelEngine build(EngineSpec spec) {
        spec.validate();
        int size = spec.shard().size();
        int visible = Device.count();
        if (size > visible) {
            throw new LlmbenchException("world size " + size + " needs " + size + " GPUs in this process; this host shows "
                    + visible + " (CUDA_VISIBLE_DEVICES, or several nodes through the launcher)");
        }
        return new TensorParallelEngine(spec);
    }

    private static EngineSpec rankSpec(EngineSpec whole, int rank) {
        return new EngineSpec(whole.config(), whole.precision(), whole.mode(), whole.batch(), whole.inputLen(),
                whole.outputLen(), whole.weights() instanceof WeightSource.Host h
                ? new WeightSource.Host(h.weights().slice(new Shard(rank, whole.shard().size()))) : whole.weights(),
                whole.cudaGraph(), rank, new Shard(rank, whole.shard().size()), whole.quantization());
    }

    /** Every rank's plan against its GPU's free memory, before anything is allocated on any of them. */
    private static void requireFitsEveryRank(EngineSpec spec, int[] devices) {
        for (int r = 0; r < devices.length; r++) {
            Device dev = Device.open(devices[r]);
            EngineSpec rank = new EngineSpec(spec.config(), spec.precision(), spec.mode(), spec.batch(), spec.inputLen(),
                    spec.outputLen(), new WeightSource.Random(0), false, devices[r], new Shard(r, devices.length),
                    spec.quantization());
            MemoryPlan.of(rank, dev.info().smCount()).requireFits(rank, Cuda.memoryInfo()[0], dev.info().name() + " (rank " + r + ")");
        }
    }

    /**
     * {@code work} on every rank's thread at once (its device made current first); the ranks' results in rank order.
     * A failure or a timeout aborts every communicator, so the other ranks' collectives return, and is rethrown
     * naming the rank.
     */
    private <T> List<T> onEveryRank(Function<Integer, T> work) {
        List<Future<T>> futures = new ArrayList<>();
        for (int r = 0; r < threads.size(); r++) {
            int rank = r;
            Callable<T> task = () -> {
                Device.open(rank);
                return work.apply(rank);
            };
            futures.add(threads.get(r).submit(task));
        }
        List<T> results = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RANK_TIMEOUT_S);
        for (int r = 0; r < futures.size(); r++) {
            try {
                results.add(futures.get(r).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                abortAll();
                Throwable cause = e.getCause();
                if (cause instanceof LlmbenchException le) throw new LlmbenchException("rank " + r + ": " + le.getMessage(), le);
                throw new IllegalStateException("rank " + r + " of " + threads.size() + " failed: " + cause, cause);
            } catch (TimeoutException e) {
                abortAll();
                throw new LlmbenchException("rank " + r + " of " + threads.size() + " did not finish within " + RANK_TIMEOUT_S
                        + " s; the group was aborted");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abortAll();
                throw new LlmbenchException("interrupted while the ranks ran");
            }
        }
        return results;
    }

    private void abortAll() {
        for (NcclCommunicator c : communicators) {
            try {
                c.abort();
            } catch (RuntimeException ignored) {
                // already failed or closed: the others must still be aborted
            }
        }
    }

    @Override
    public GenerateResult generate(int[][] prompts) {
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
        if (communicators != null) {
            for (NcclCommunicator c : communicators) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    if (failure == null) failure = e;
                }
            }
        }
        for (ExecutorService t : threads) t.shutdownNow();
        if (failure != null) throw failure;
    }
}
