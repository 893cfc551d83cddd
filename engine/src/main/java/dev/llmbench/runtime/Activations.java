package dev.llmbench.runtime;

import dev.llmbench.cuda.Arena;
import dev.llmbench.cuda.DType;
import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.cuda.Kernels;
import dev.llmbench.cuda.Stream;
import dev.llmbench.model.ModelConfig;

import java.util.List;

/**
 * The working buffers of one engine, sized for the context phase (N = batch × inputLen token rows) and
 * reused by the generation steps (N = batch). Shapes: C hidden, H heads, D head dim, I MLP size,
 * V vocabulary, B batch.
 */
final class Activations {
    /** prompt tokens (B*T), then the step's input tokens (B) */
    final DeviceBuffer tokens;
    /** argmax output: each sequence's next token (B) */
    final DeviceBuffer nextTokens;
    /** every generated token (B, outputLen) */
    final DeviceBuffer outTokens;
    /** decode-loop counters: [0] step (index into outTokens), [1] position of the step's token, [2] cached length */
    final DeviceBuffer counters;
    /** the context phase's constants: [0] position 0, [1] step 0 */
    final DeviceBuffer contextScalars;
    final DeviceBuffer residual;   // (N, C) the residual stream
    final DeviceBuffer normed;     // (N, C) norm output, input of the projections
    final DeviceBuffer qkv;        // (N, (H+2KV)*D)
    final DeviceBuffer attention;  // (N, H*D)
    final DeviceBuffer projected;  // (N, C) attention or MLP output before the residual add
    final DeviceBuffer mlpUp;      // (N, I or 2I)
    final DeviceBuffer mlpAct;     // (N, I) SwiGLU output
    final DeviceBuffer lastRows;   // (B, C) the last prompt position of each sequence
    final DeviceBuffer logits;     // (B, V)
    final DeviceBuffer partialO;   // (B, H, splits, D) fp32 flash-decoding partial outputs
    final DeviceBuffer partialMl;  // (B, H, splits, 2) fp32 running max and sum

    record BufferSpec(String name, DType type, long elements) {
    }

    static List<BufferSpec> layout(EngineSpec spec, int splits) {
        ModelConfig c = spec.config();
        DType t = spec.numerics().activations();
        long b = spec.batch();
        long n = b * spec.inputLen();
        long heads = (long) c.numHeads() * c.headDim();
        return List.of(
                new BufferSpec("tokens", DType.I32, n),
                new BufferSpec("next tokens", DType.I32, b),
                new BufferSpec("generated tokens", DType.I32, b * spec.outputLen()),
                new BufferSpec("decode counters", DType.I32, 3),
                new BufferSpec("context scalars", DType.I32, 2),
                new BufferSpec("residual", t, n * c.hiddenSize()),
                new BufferSpec("normed", t, n * c.hiddenSize()),
                new BufferSpec("qkv", t, n * c.qkvSize()),
                new BufferSpec("attention", t, n * heads),
                new BufferSpec("projected", t, n * c.hiddenSize()),
                new BufferSpec("mlp up", t, n * c.mlpUpSize()),
                new BufferSpec("mlp act", t, n * c.mlpSize()),
                new BufferSpec("last rows", t, b * c.hiddenSize()),
                new BufferSpec("logits", t, b * c.vocabSize()),
                new BufferSpec("decode partial o", DType.F32, b * heads * splits),
                new BufferSpec("decode partial ml", DType.F32, b * c.numHeads() * splits * 2));
    }

    Activations(Arena arena, EngineSpec spec, int splits) {
        List<BufferSpec> l = layout(spec, splits);
        DeviceBuffer[] b = new DeviceBuffer[l.size()];
        for (int i = 0; i < b.length; i++) b[i] = arena.allocate(l.get(i).name(), l.get(i).type(), l.get(i).elements());
        tokens = b[0];
        nextTokens = b[1];
        outTokens = b[2];
        counters = b[3];
        contextScalars = b[4];
        residual = b[5];
        normed = b[6];
        qkv = b[7];
        attention = b[8];
        projected = b[9];
        mlpUp = b[10];
        mlpAct = b[11];
        lastRows = b[12];
        logits = b[13];
        partialO = b[14];
        partialMl = b[15];
    }

    /** Fills the floating-point working buffers with small random values (before build-time tuning). */
    void randomize(Kernels kernels, Stream stream) {
        long seed = 0x5eed;
        for (DeviceBuffer b : new DeviceBuffer[] {residual, normed, qkv, attention, projected, mlpUp, mlpAct, lastRows}) {
            kernels.initUniform(b, seed++, 1f, 0f).run(stream);
        }
        stream.synchronize();
    }

    DeviceBuffer contextPos0() {
        return contextScalars.slice("context pos0", 0, 1);
    }

    DeviceBuffer contextStep() {
        return contextScalars.slice("context step", 1, 1);
    }

    DeviceBuffer decodeStep() {
        return counters.slice("decode step", 0, 1);
    }

    DeviceBuffer decodePos0() {
        return counters.slice("decode pos0", 1, 1);
    }

    DeviceBuffer decodeSeqLen() {
        return counters.slice("decode seq_len", 2, 1);
    }
}
