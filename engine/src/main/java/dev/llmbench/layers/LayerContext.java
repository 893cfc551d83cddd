package dev.llmbench.layers;

import dev.llmbench.cuda.CublasLt;
import dev.llmbench.cuda.DType;
import dev.llmbench.cuda.Kernels;
import dev.llmbench.cuda.Stream;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Mode;

/** What every layer needs to build its ops: the model, element type, mode and the engine's GPU handles. */
public record LayerContext(ModelConfig config, DType type, Mode mode, Kernels kernels, CublasLt cublasLt, Stream stream) {

    public boolean fused() {
        return mode == Mode.PLUGIN;
    }
}
