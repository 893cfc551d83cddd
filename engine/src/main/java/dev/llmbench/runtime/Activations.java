package dev.llmbench.runtime;

import dev.llmbench.cuda.Arena;
import dev.llmbench.cuda.DType;
import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.cuda.Kernels;
import dev.llmbench.cuda.Stream;
import dev.llmbench.model.Alibi;
import dev.llmbench.model.BlockLayout;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Shard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    /** (N, C) the MLP's norm output in a parallel block with two norms (GPT-NeoX), else null */
    final DeviceBuffer mlpNormed;
    final DeviceBuffer qkv;        // (N, (H+2KV)*D)
    final DeviceBuffer attention;  // (N, H*D)
    final DeviceBuffer projected;  // (N, C) attention or MLP output before the residual add
    final DeviceBuffer mlpUp;      // (N, I or 2I)
    final DeviceBuffer mlpAct;     // (N, I) SwiGLU output
    final DeviceBuffer lastRows;   // (B, C) the last prompt position of each sequence
    final DeviceBuffer logits;     // (B, V)
    final DeviceBuffer partialO;   // (B, H, splits, D) fp32 flash-decoding partial outputs
    final DeviceBuffer partialMl;  // (B, H, splits, 2) fp32 running max and sum
    /** (H) fp32 ALiBi slopes for models with ALiBi, else null (filled once at build) */
    final DeviceBuffer alibiSlopes;
    /** a mixture of experts: (N, E) router logits, (N, E) fp32 gates, (N, C) one expert's output; else null */
    final DeviceBuffer routerLogits, gates, expertOut;
    /** mode ootb: (B, H, max(T, 1) × max(T, S)) attention scores, then probabilities; else null */
    final DeviceBuffer scores;
    /** mode ootb: (B, H, T, D) the attention output per head before merge_heads; else null */
    final DeviceBuffer headsOut;

    record BufferSpec(String name, DType type, long elements) {
    }

    static List<BufferSpec> layout(EngineSpec spec, int splits) {
        ModelConfig c = spec.config();
        DType t = spec.numerics().activations();
        long b = spec.batch();
        long n = b * spec.inputLen();
        Shard shard = spec.shard(); // a tensor-parallel rank's widths: its heads, its block of the MLP
        long heads = shard.attentionWidth(c);
        List<BufferSpec> l = new ArrayList<>(List.of(
                new BufferSpec("tokens", DType.I32, n),
                new BufferSpec("next tokens", DType.I32, b),
                new BufferSpec("generated tokens", DType.I32, b * spec.outputLen()),
                new BufferSpec("decode counters", DType.I32, 3),
                new BufferSpec("context scalars", DType.I32, 2),
                new BufferSpec("residual", t, n * c.hiddenSize()),
                new BufferSpec("normed", t, n * c.hiddenSize()),
                new BufferSpec("qkv", t, n * shard.qkv(c)),
                new BufferSpec("attention", t, n * heads),
                new BufferSpec("projected", t, n * c.hiddenSize()),
                new BufferSpec("mlp up", t, n * shard.mlpUp(c)),
                new BufferSpec("mlp act", t, n * shard.mlp(c)),
                new BufferSpec("last rows", t, b * c.hiddenSize()),
                new BufferSpec("logits", t, b * c.vocabSize()),
                new BufferSpec("decode partial o", DType.F32, b * heads * splits),
                new BufferSpec("decode partial ml", DType.F32, b * shard.heads(c) * splits * 2)));
        if (c.arch().layout() == BlockLayout.PARALLEL_TWO_NORMS) l.add(new BufferSpec("mlp normed", t, n * c.hiddenSize()));
        if (c.arch().positions().alibi()) l.add(new BufferSpec("alibi slopes", DType.F32, shard.heads(c)));
        if (c.arch().experts().present()) {
            int e = c.arch().experts().count();
            l.add(new BufferSpec("router logits", t, n * e));
            l.add(new BufferSpec("expert gates", DType.F32, n * e));
            l.add(new BufferSpec("expert out", t, n * c.hiddenSize()));
        }
        if (!spec.mode().fusedAttention()) {
            // the context phase's (T, T) score rows per head, or a generation step's one row over the whole cache
            long rowsTimesKeys = Math.max((long) spec.inputLen() * spec.inputLen(), spec.maxSeq());
            l.add(new BufferSpec("attention scores", t, b * shard.heads(c) * rowsTimesKeys));
            l.add(new BufferSpec("attention heads out", t, n * heads));
        }
        return l;
    }

    Activations(Arena arena, EngineSpec spec, int splits) {
        Map<String, DeviceBuffer> b = new HashMap<>();
        for (BufferSpec s : layout(spec, splits)) b.put(s.name(), arena.allocate(s.name(), s.type(), s.elements()));
        tokens = b.get("tokens");
        nextTokens = b.get("next tokens");
        outTokens = b.get("generated tokens");
        counters = b.get("decode counters");
        contextScalars = b.get("context scalars");
        residual = b.get("residual");
        normed = b.get("normed");
        mlpNormed = b.get("mlp normed");
        qkv = b.get("qkv");
        attention = b.get("attention");
        projected = b.get("projected");
        mlpUp = b.get("mlp up");
        mlpAct = b.get("mlp act");
        lastRows = b.get("last rows");
        logits = b.get("logits");
        partialO = b.get("decode partial o");
        partialMl = b.get("decode partial ml");
        alibiSlopes = b.get("alibi slopes");
        routerLogits = b.get("router logits");
        gates = b.get("expert gates");
        expertOut = b.get("expert out");
        scores = b.get("attention scores");
        headsOut = b.get("attention heads out");
        if (alibiSlopes != null) {
            // the slopes of this rank's heads: a head's slope is set by its index in the whole model
            double[] slopes = Alibi.slopes(spec.config());
            int heads = spec.shard().heads(spec.config());
            float[] f = new float[heads];
            for (int h = 0; h < heads; h++) f[h] = (float) slopes[spec.shard().rank() * heads + h];
            alibiSlopes.copyFrom(f);
        }
    }

    /** Fills the floating-point working buffers with small random values (before build-time tuning). */
    void randomize(Kernels kernels, Stream stream) {
        long seed = 0x5eed;
        for (DeviceBuffer b : new DeviceBuffer[] {residual, normed, mlpNormed, qkv, attention, projected, mlpUp, mlpAct, lastRows}) {
            if (b == null) continue;
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
