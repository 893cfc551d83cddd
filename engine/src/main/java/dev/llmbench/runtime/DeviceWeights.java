package dev.llmbench.runtime;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.Arena;
import dev.llmbench.cuda.DType;
import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.cuda.Kernels;
import dev.llmbench.cuda.Stream;
import dev.llmbench.layers.LayerContext;
import dev.llmbench.layers.Linear;
import dev.llmbench.layers.Norm;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.weights.HostTensor;
import dev.llmbench.weights.HostWeights;
import dev.llmbench.weights.RandomInit;
import dev.llmbench.weights.WeightLayout;
import dev.llmbench.weights.WeightShape;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The model's weights on the GPU, in the canonical layout of {@link WeightLayout}, in the engine's
 * precision. Random weights are generated on the device by the init_uniform kernel (a 70B-parameter
 * model in seconds, values identical to RandomInit's before rounding); host weights are uploaded.
 */
final class DeviceWeights {
    private final Map<String, DeviceBuffer> buffers = new HashMap<>();

    DeviceWeights(ModelConfig c, DType type, WeightSource source, Arena arena, Kernels kernels, Stream stream) {
        for (WeightShape w : WeightLayout.tensors(c)) {
            if (WeightLayout.isTiedLmHead(c, w.name())) {
                buffers.put(w.name(), buffers.get(WeightLayout.EMBED));
                continue;
            }
            DeviceBuffer b = arena.allocate(w.name(), type, w.numel());
            if (source instanceof WeightSource.Random r) {
                RandomInit.Spec spec = RandomInit.spec(c, w.name(), w.shape());
                kernels.initUniform(b, RandomInit.tensorSeed(r.seed(), w.name()), spec.scale(), spec.offset()).run(stream);
            } else if (source instanceof WeightSource.Host h) {
                upload(h.weights(), w, b);
            }
            buffers.put(w.name(), b);
        }
        stream.synchronize();
    }

    private static void upload(HostWeights weights, WeightShape w, DeviceBuffer target) {
        HostTensor t = weights.get(w.name());
        if (!Arrays.equals(t.shape(), w.shape())) {
            throw new LlmbenchException("weight " + w.name() + " has shape " + Arrays.toString(t.shape()) + ", expected "
                    + Arrays.toString(w.shape()));
        }
        target.copyFromFloats(t.data());
    }

    DeviceBuffer get(String name) {
        DeviceBuffer b = buffers.get(name);
        if (b == null) throw new IllegalStateException("no weight " + name);
        return b;
    }

    /** The tensor if the model has it (biases, learned positions, final norm), else null. */
    DeviceBuffer optional(String name) {
        return buffers.get(name);
    }

    /** The linear layer NAME.weight (out × in) with NAME.bias where the model has it. */
    Linear linear(LayerContext ctx, String name, int out, int in) {
        return new Linear(ctx, get(name + ".weight"), optional(name + ".bias"), out, in);
    }

    /** The norm NAME.weight with NAME.bias where the model has it (LayerNorm's beta; RMSNorm has none). */
    Norm norm(LayerContext ctx, String name) {
        return new Norm(ctx, get(name + ".weight"), optional(name + ".bias"));
    }
}
