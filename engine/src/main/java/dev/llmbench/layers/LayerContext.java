package dev.llmbench.layers;

import dev.llmbench.cuda.CublasLt;
import dev.llmbench.cuda.DType;
import dev.llmbench.cuda.Kernels;
import dev.llmbench.cuda.Stream;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Mode;
import dev.llmbench.model.Shard;

/**
 * What every layer needs to build its ops: the model, element type, mode, the engine's GPU handles, and the
 * tensor-parallel rank it builds ({@link Shard#WHOLE} and {@link AllReduce#NONE} on one GPU), whose head and MLP
 * widths it reads here rather than the whole model's.
 */
public record LayerContext(ModelConfig config, DType type, Mode mode, Kernels kernels, CublasLt cublasLt, Stream stream,
                           Shard shard, AllReduce allReduce) {

    /** The whole model on one GPU. */
    public LayerContext(ModelConfig config, DType type, Mode mode, Kernels kernels, CublasLt cublasLt, Stream stream) {
        this(config, type, mode, kernels, cublasLt, stream, Shard.WHOLE, AllReduce.NONE);
    }

    public boolean fused() {
        return mode == Mode.PLUGIN;
    }

    /** Query heads of this rank. */
    public int heads() {
        return shard.heads(config);
    }

    /** Key/value heads of this rank. */
    public int kvHeads() {
        return shard.kvHeads(config);
    }

    /** MLP inner size of this rank. */
    public int mlp() {
        return shard.mlp(config);
    }
}
