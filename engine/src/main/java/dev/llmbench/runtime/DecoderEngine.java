package dev.llmbench.runtime;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.Arena;
import dev.llmbench.cuda.BoundKernel;
import dev.llmbench.cuda.Cuda;
import dev.llmbench.cuda.CublasLt;
import dev.llmbench.cuda.CudaGraph;
import dev.llmbench.cuda.DType;
import dev.llmbench.cuda.Device;
import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.cuda.DeviceInfo;
import dev.llmbench.cuda.DeviceMemory;
import dev.llmbench.cuda.Event;
import dev.llmbench.cuda.KernelModule;
import dev.llmbench.cuda.Kernels;
import dev.llmbench.cuda.PinnedInts;
import dev.llmbench.cuda.Stream;
import dev.llmbench.layers.Attention;
import dev.llmbench.layers.BlockBuffers;
import dev.llmbench.layers.DecoderBlock;
import dev.llmbench.layers.LayerContext;
import dev.llmbench.layers.Linear;
import dev.llmbench.layers.Mlp;
import dev.llmbench.layers.Norm;
import dev.llmbench.layers.Op;
import dev.llmbench.model.Activation;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.weights.WeightLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * A decoder-only transformer (gpt, opt, llama) on one GPU, built for one generation shape. A generate
 * is: upload the prompts; the context phase over all prompt tokens (token 1 by greedy argmax); then
 * outputLen − 1 generation steps, each one token per sequence against the KV cache, replayed from a CUDA
 * graph captured once at build (positions and lengths live in device counters the graph advances);
 * the tokens come back with the single host synchronisation at the end.
 */
public final class DecoderEngine implements AutoCloseable {
    private final EngineSpec spec;
    private final DeviceInfo device;
    private final MemoryPlan memory;
    private final Stream stream;
    private final Arena arena;
    private final CublasLt cublasLt;
    private final Activations act;
    private final List<Op> contextOps;
    private final List<Op> decodeOps;
    private final CudaGraph decodeGraph;
    private final PinnedInts promptHost;
    private final PinnedInts countersHost;
    private final PinnedInts tokensHost;
    private final Event start;
    private final Event firstToken;
    private final Event end;
    private final double buildSeconds;
    /** Everything this engine must close, in the order it was made. */
    private final List<AutoCloseable> owned = new ArrayList<>();

    private DecoderEngine(EngineSpec spec) {
        long t0 = System.nanoTime();
        spec.validate();
        this.spec = spec;
        ModelConfig c = spec.config();
        Device dev = Device.open(spec.device());
        this.device = dev.info();
        this.memory = MemoryPlan.of(spec, device.smCount());
        memory.requireFits(spec, Cuda.memoryInfo()[0], device.name());
        DType type = spec.numerics().uniform();
        Kernels kernels = new Kernels(KernelModule.of(dev));
        try {
            this.stream = own(new Stream());
            this.start = own(new Event());
            this.firstToken = own(new Event());
            this.end = own(new Event());
            this.arena = own(Arena.create("engine arena for " + c.name(), memory.total()));
            DeviceBuffer workspace = arena.allocate("cublasLt workspace", DType.F32, MemoryPlan.CUBLASLT_WORKSPACE / 4);
            this.cublasLt = own(new CublasLt(stream, workspace));
            DeviceWeights weights = new DeviceWeights(c, type, spec.weights(), arena, kernels, stream);
            this.act = new Activations(arena, spec, memory.decodeSplits());
            act.contextScalars.copyFrom(new int[] {0, 0});
            act.randomize(kernels, stream); // GEMV-vs-cuBLASLt timing at build must not run on zeros

            LayerContext ctx = new LayerContext(c, type, spec.mode(), kernels, cublasLt, stream);
            BlockBuffers buf = new BlockBuffers(act.residual, act.normed, act.qkv, act.attention, act.projected, act.mlpUp,
                    act.mlpAct, act.partialO, act.partialMl);
            List<DecoderBlock> blocks = new ArrayList<>();
            long cacheElements = MemoryPlan.kvCacheElements(spec);
            for (int l = 0; l < c.numLayers(); l++) {
                String p = WeightLayout.layer(l);
                Linear qkv = linear(ctx, weights, p + "qkv", c.qkvSize(), c.hiddenSize());
                Linear out = linear(ctx, weights, p + "attn_out", c.hiddenSize(), c.numHeads() * c.headDim());
                Linear up = linear(ctx, weights, p + "mlp_up", c.mlpUpSize(), c.hiddenSize());
                Linear down = linear(ctx, weights, p + "mlp_down", c.hiddenSize(), c.mlpSize());
                DeviceBuffer kCache = arena.allocate(p + "k cache", type, cacheElements);
                DeviceBuffer vCache = arena.allocate(p + "v cache", type, cacheElements);
                blocks.add(new DecoderBlock(c.arch().layout(), norm(ctx, weights, p + "attn_norm"), norm(ctx, weights, p + "mlp_norm"),
                        new Attention(ctx, qkv, out, kCache, vCache, spec.maxSeq()), new Mlp(ctx, up, down)));
            }
            Norm finalNorm = c.arch().finalNorm() ? norm(ctx, weights, WeightLayout.FINAL_NORM) : null;
            Linear lmHead = linear(ctx, weights, WeightLayout.LM_HEAD, c.vocabSize(), c.hiddenSize());

            this.contextOps = contextPhase(kernels, weights, blocks, finalNorm, lmHead, buf);
            this.decodeOps = generationStep(kernels, weights, blocks, finalNorm, lmHead, buf);
            this.promptHost = own(new PinnedInts(spec.batch() * spec.inputLen()));
            this.countersHost = own(new PinnedInts(3));
            this.tokensHost = own(new PinnedInts(spec.batch() * spec.outputLen()));
            // One context phase at build on token 0 prompts: cuBLASLt picks its algorithms for every shape now,
            // not inside the first timed generate.
            act.tokens.fillBytes(0);
            runAll(contextOps);
            setCounters(1, spec.inputLen());
            stream.synchronize();
            this.decodeGraph = spec.cudaGraph() ? own(CudaGraph.capture(stream, () -> runAll(decodeOps))) : null;
        } catch (RuntimeException e) {
            close(); // a failed build gives back what it took
            throw e;
        }
        this.buildSeconds = (System.nanoTime() - t0) / 1e9;
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    /** Builds the engine: memory planned and checked, weights on the GPU, ops bound, the step graph captured. */
    public static DecoderEngine build(EngineSpec spec) {
        return new DecoderEngine(spec);
    }

    private List<Op> contextPhase(Kernels kernels, DeviceWeights w, List<DecoderBlock> blocks, Norm finalNorm,
                                  Linear lmHead, BlockBuffers buf) {
        ModelConfig c = spec.config();
        int b = spec.batch();
        int t = spec.inputLen();
        List<Op> ops = new ArrayList<>();
        ops.add(embedding(kernels, w, b * t, t, act.contextPos0()));
        DeviceBuffer pending = null;
        for (DecoderBlock block : blocks) {
            ops.addAll(block.context(buf, pending, b, t, act.contextPos0()));
            pending = block.leavesPendingOutput() ? act.projected : null;
        }
        DeviceBuffer hidden = finish(ops, kernels, finalNorm, pending, b * t);
        BoundKernel gather = kernels.gatherLastRows(act.lastRows, hidden, b, t, c.hiddenSize());
        ops.add(Op.of("gather", () -> gather.run(stream)));
        ops.add(Op.of("lm_head", lmHead.forward(act.logits, act.lastRows, b, Activation.NONE)::run));
        BoundKernel argmax = kernels.argmax(act.logits, b, c.vocabSize(), act.nextTokens, act.outTokens, spec.outputLen(),
                act.contextStep());
        ops.add(Op.of("sampling", () -> argmax.run(stream)));
        return ops;
    }

    private List<Op> generationStep(Kernels kernels, DeviceWeights w, List<DecoderBlock> blocks,
                                     Norm finalNorm, Linear lmHead, BlockBuffers buf) {
        ModelConfig c = spec.config();
        int b = spec.batch();
        List<Op> ops = new ArrayList<>();
        ops.add(embedding(kernels, w, b, 1, act.decodePos0(), act.nextTokens));
        DeviceBuffer pending = null;
        for (DecoderBlock block : blocks) {
            ops.addAll(block.decode(buf, pending, b, act.decodePos0(), act.decodeSeqLen(), memory.decodeSplits()));
            pending = block.leavesPendingOutput() ? act.projected : null;
        }
        DeviceBuffer hidden = finish(ops, kernels, finalNorm, pending, b);
        ops.add(Op.of("lm_head", lmHead.forward(act.logits, hidden, b, Activation.NONE)::run));
        BoundKernel argmax = kernels.argmax(act.logits, b, c.vocabSize(), act.nextTokens, act.outTokens, spec.outputLen(),
                act.decodeStep());
        BoundKernel advance = kernels.countersAdvance(act.counters, 3);
        ops.add(Op.of("sampling", () -> {
            argmax.run(stream);
            advance.run(stream);
        }));
        return ops;
    }

    private Op embedding(Kernels kernels, DeviceWeights w, int rows, int t, DeviceBuffer pos0) {
        return embedding(kernels, w, rows, t, pos0, act.tokens);
    }

    private Op embedding(Kernels kernels, DeviceWeights w, int rows, int t, DeviceBuffer pos0, DeviceBuffer tokens) {
        ModelConfig c = spec.config();
        DeviceBuffer wpe = c.arch().positions().learned() ? w.get(WeightLayout.POS_EMBED) : null;
        BoundKernel k = kernels.embedding(act.residual, tokens, w.get(WeightLayout.EMBED), wpe, rows, t, c.hiddenSize(), pos0,
                c.arch().positions().offset());
        return Op.of("embedding", () -> k.run(stream));
    }

    /** Adds the last pending block output and applies the final norm; returns the buffer holding the final hidden states. */
    private DeviceBuffer finish(List<Op> ops, Kernels kernels, Norm finalNorm, DeviceBuffer pending, int rows) {
        if (finalNorm != null) {
            ops.add(finalNorm.addAndNormalize(act.residual, pending, act.normed, rows));
            return act.normed;
        }
        if (pending != null) {
            BoundKernel add = kernels.add(act.residual, pending, (long) rows * spec.config().hiddenSize());
            ops.add(Op.of("add", () -> add.run(stream)));
        }
        return act.residual;
    }

    private static Linear linear(LayerContext ctx, DeviceWeights w, String name, int out, int in) {
        return new Linear(ctx, w.get(name + (name.endsWith(".weight") ? "" : ".weight")),
                name.endsWith(".weight") ? null : w.optional(name + ".bias"), out, in);
    }

    private static Norm norm(LayerContext ctx, DeviceWeights w, String name) {
        return new Norm(ctx, w.get(name + ".weight"), w.optional(name + ".bias"));
    }

    private static void runAll(List<Op> ops) {
        for (Op op : ops) op.run();
    }

    // ---- running ------------------------------------------------------------------------------------

    /** Greedy generation of outputLen tokens for each prompt (batch × inputLen ids). */
    public GenerateResult generate(int[][] prompts) {
        uploadPrompts(prompts);
        start.record(stream);
        runAll(contextOps);
        firstToken.record(stream);
        setCounters(1, spec.inputLen());
        for (int step = 1; step < spec.outputLen(); step++) {
            runStep();
        }
        end.record(stream);
        tokensHost.copyFrom(act.outTokens, spec.batch() * spec.outputLen(), stream);
        stream.synchronize();
        int[][] tokens = new int[spec.batch()][spec.outputLen()];
        for (int b = 0; b < spec.batch(); b++) {
            for (int i = 0; i < spec.outputLen(); i++) tokens[b][i] = tokensHost.get(b * spec.outputLen() + i);
        }
        return new GenerateResult(tokens, firstToken.elapsedMillisSince(start), end.elapsedMillisSince(firstToken),
                end.elapsedMillisSince(start));
    }

    /** The context phase alone (prompts uploaded, token 1 produced), synchronised: time to first token. */
    public void contextPhase(int[][] prompts) {
        uploadPrompts(prompts);
        runAll(contextOps);
        stream.synchronize();
    }

    /**
     * One generation step at step index {@code step} (1 ≤ step < outputLen; the KV cache holds what the
     * context phase and earlier steps wrote), synchronised: time per output token.
     */
    public void generationStep(int step) {
        if (step < 1 || step >= spec.outputLen()) {
            throw new IllegalArgumentException("step " + step + " outside 1.." + (spec.outputLen() - 1));
        }
        setCounters(step, spec.inputLen() + step - 1);
        runStep();
        stream.synchronize();
    }

    /**
     * Where the time of one generate goes: the context phase and one generation step run op by op (no
     * graph) with a CUDA event after each op; times are summed per op family. Event gaps add a little
     * launch overhead that graph replay does not have, so totals run slightly above {@link #generate}'s.
     */
    public Breakdown breakdown(int[][] prompts) {
        uploadPrompts(prompts);
        Breakdown.Phase context = timeOps(contextOps);
        setCounters(1, spec.inputLen());
        Breakdown.Phase step = timeOps(decodeOps);
        return new Breakdown(context, step);
    }

    private Breakdown.Phase timeOps(List<Op> ops) {
        List<Event> marks = new ArrayList<>();
        try {
            for (int i = 0; i <= ops.size(); i++) marks.add(new Event());
            marks.get(0).record(stream);
            for (int i = 0; i < ops.size(); i++) {
                ops.get(i).run();
                marks.get(i + 1).record(stream);
            }
            stream.synchronize();
            Breakdown.Phase phase = new Breakdown.Phase();
            for (int i = 0; i < ops.size(); i++) {
                phase.add(ops.get(i).family(), marks.get(i + 1).elapsedMillisSince(marks.get(i)));
            }
            return phase;
        } finally {
            for (Event e : marks) e.close();
        }
    }

    /** Logits (batch × vocab, as fp32) of the last context phase or step; for tests and the generate command. */
    public float[] logits() {
        stream.synchronize();
        return act.logits.toFloats();
    }

    private void runStep() {
        if (decodeGraph != null) decodeGraph.replay(stream);
        else runAll(decodeOps);
    }

    private void setCounters(int step, int position) {
        countersHost.set(0, step);
        countersHost.set(1, position);
        countersHost.set(2, position + 1);
        countersHost.copyTo(act.counters, 3, stream);
    }

    private void uploadPrompts(int[][] prompts) {
        int b = spec.batch();
        int t = spec.inputLen();
        if (prompts.length != b) throw new LlmbenchException("expected " + b + " prompts, got " + prompts.length);
        for (int i = 0; i < b; i++) {
            if (prompts[i].length != t) {
                throw new LlmbenchException("prompt " + i + " has " + prompts[i].length + " tokens, expected " + t
                        + " (prompts in one batch have equal length)");
            }
        }
        spec.config().requireTokens(prompts);
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) promptHost.set(i * t + j, prompts[i][j]);
        }
        promptHost.copyTo(act.tokens, b * t, stream);
    }

    // ---- facts for reports --------------------------------------------------------------------------

    public EngineSpec spec() {
        return spec;
    }

    public DeviceInfo device() {
        return device;
    }

    public MemoryPlan memoryPlan() {
        return memory;
    }

    public double buildSeconds() {
        return buildSeconds;
    }

    /** Peak device memory held by llmbench in this process, bytes. */
    public long peakDeviceBytes() {
        return DeviceMemory.peak();
    }

    /** Gives back every GPU resource of the engine, last made first. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                if (failure == null) failure = e instanceof RuntimeException r ? r : new RuntimeException(e);
            }
        }
        owned.clear();
        if (failure != null) throw failure;
    }
}
