package dev.llmbench.reference;

import dev.llmbench.LlmbenchException;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Shard;
import dev.llmbench.weights.HostWeights;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Megatron tensor parallelism in the CPU reference, the algebra a multi-GPU engine must reproduce: each of N ranks
 * runs its part of the model ({@link HostWeights#slice}: its query heads with the key/value heads they read, its
 * columns of QKV and MLP up, its rows of attention out and MLP down; norms, embeddings and the LM head whole) on
 * its own thread, and each row-parallel product (attention out, MLP down) ends in an all-reduce: the ranks'
 * partial products summed in rank order, then the bias added once. Every rank then holds the same residual
 * stream, so the ranks' logits agree bit for bit, and they equal the unsharded model's up to the order of the
 * sums. A mixture of experts: each rank holds its block of every expert (the router whole), and the mixture's
 * combined output is all-reduced.
 */
public final class ShardedReference {
    /** How long a rank waits for the others at an all-reduce before the run is declared stuck. */
    private static final long REDUCE_TIMEOUT_SECONDS = 60;

    private ShardedReference() {
    }

    /** Greedy generation over {@code ranks} ranks: what {@link ReferenceModel#generate} gives, computed split. */
    public static GenerateResult generate(ModelConfig c, HostWeights whole, int ranks, int[][] prompts, int outputLen) {
        AllReduce reduce = new AllReduce(ranks);
        List<ReferenceModel> models = new ArrayList<>();
        for (int r = 0; r < ranks; r++) {
            int rank = r;
            models.add(new ReferenceModel(c, whole.slice(new Shard(r, ranks)), new BlockProducts() {
                @Override
                public Linear linear(String name, float[] w, float[] b, int out, int in) {
                    return name.endsWith("attn_out") || name.endsWith("mlp_down") ? new RowParallel(w, b, out, in, reduce, rank)
                            : new Linear(w, b, out, in);
                }

                @Override
                public float[] sumOverRanks(String name, float[] partial) {
                    return reduce.sum(rank, partial);
                }
            }));
        }
        ExecutorService pool = Executors.newFixedThreadPool(ranks);
        try {
            List<Future<GenerateResult>> results = new ArrayList<>();
            for (ReferenceModel m : models) {
                results.add(pool.submit(() -> {
                    try {
                        return m.generate(prompts, outputLen);
                    } catch (RuntimeException e) {
                        reduce.abort(); // the others leave their all-reduce at once instead of at the timeout
                        throw e;
                    }
                }));
            }
            List<GenerateResult> done = new ArrayList<>();
            for (Future<GenerateResult> f : results) done.add(f.get());
            for (int r = 1; r < ranks; r++) {
                if (!java.util.Arrays.deepEquals(done.get(r).tokens(), done.get(0).tokens())
                        || !java.util.Arrays.deepEquals(done.get(r).firstLogits(), done.get(0).firstLogits())) {
                    throw new IllegalStateException("rank " + r + " disagrees with rank 0 after the same all-reduces");
                }
            }
            return done.get(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmbenchException("interrupted while the ranks ran");
        } catch (ExecutionException e) {
            reduce.abort();
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A row-parallel product: this rank's partial x W_r^T, then the all-reduce, then the bias once. */
    private static final class RowParallel extends Linear {
        private final AllReduce reduce;
        private final int rank;
        private final float[] wholeBias;

        RowParallel(float[] weight, float[] bias, int out, int in, AllReduce reduce, int rank) {
            super(weight, null, out, in); // the bias is the whole layer's: added after the sum, not by every rank
            this.reduce = reduce;
            this.rank = rank;
            this.wholeBias = bias;
        }

        @Override
        float[] apply(float[] x, int rows) {
            float[] sum = reduce.sum(rank, super.apply(x, rows));
            if (wholeBias != null) {
                for (int r = 0; r < rows; r++) for (int o = 0; o < out; o++) sum[r * out + o] += wholeBias[o];
            }
            return sum;
        }
    }

    /**
     * Sum of one array per rank, in rank order, returned to every rank (each gets its own copy). Two barriers: every
     * rank's part is in before anyone sums, and every rank has summed before a part is replaced by the next call's.
     */
    static final class AllReduce {
        private final float[][] parts;
        private final CyclicBarrier in, out;

        AllReduce(int ranks) {
            parts = new float[ranks][];
            in = new CyclicBarrier(ranks);
            out = new CyclicBarrier(ranks);
        }

        float[] sum(int rank, float[] part) {
            parts[rank] = part;
            await(in);
            float[] total = new float[part.length];
            for (float[] p : parts) {
                if (p.length != total.length) throw new IllegalStateException("ranks reduce arrays of different lengths");
                for (int i = 0; i < total.length; i++) total[i] += p[i];
            }
            await(out);
            return total;
        }

        void abort() {
            in.reset();
            out.reset();
        }

        private static void await(CyclicBarrier barrier) {
            try {
                barrier.await(REDUCE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted in an all-reduce");
            } catch (BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException("another rank failed or stopped before the all-reduce");
            }
        }
    }
}
