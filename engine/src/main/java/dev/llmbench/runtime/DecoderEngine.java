package dev.llmbench.runtime;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.Arena;
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
import dev.llmbench.layers.AllReduce;
import dev.llmbench.layers.Op;
import dev.llmbench.model.ModelConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * A decoder-only transformer on one GPU, built for one generation shape: it owns the
 * GPU resources (one arena, stream, events, pinned buffers) and runs the ops its {@link DecoderPlan} bound.
 * A generate
 * is: upload the prompts; the context phase over all prompt tokens (token 1 by greedy argmax); then
 * outputLen − 1 generation steps, each one token per sequence against the KV cache, replayed from a CUDA
 * graph captured once at build (positions and lengths live in device counters the graph advances);
 * the tokens come back with the single host synchronisation at the end.
 */
public final class DecoderEngine implements Decoder {
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
    private final OwnedResources owned = new OwnedResources();

    /**
     * The engine of {@code spec}, on its own stream ({@code sharedStream} null) or on one it shares with the other
     * tensor-parallel ranks of the model on the same GPU, whose all-reduces {@code allReduce} binds.
     */
    DecoderEngine(EngineSpec spec, Stream sharedStream, AllReduce allReduce) {
        long t0 = System.nanoTime();
        spec.validate();
        this.spec = spec;
        ModelConfig c = spec.config();
        Device dev = Device.open(spec.device());
        this.device = dev.info();
        this.memory = MemoryPlan.of(spec, device.smCount());
        memory.requireFits(spec, Cuda.memoryInfo()[0], device.name(), device.smCount());
        DType type = spec.numerics().denseType();
        Kernels kernels = new Kernels(KernelModule.of(dev));
        try {
            this.stream = sharedStream != null ? sharedStream : own(new Stream());
            this.start = own(new Event());
            this.firstToken = own(new Event());
            this.end = own(new Event());
            this.arena = own(Arena.create("engine arena for " + c.name(), memory.total()));
            DeviceBuffer workspace = arena.allocate("cublasLt workspace", DType.F32, MemoryPlan.CUBLASLT_WORKSPACE / 4);
            this.cublasLt = own(new CublasLt(stream, workspace));
            DeviceWeights weights = new DeviceWeights(c, spec.shard(), spec.numerics().weights(), spec.weights(), arena, kernels,
                    stream);
            this.act = new Activations(arena, spec, memory.decodeSplits());
            act.contextScalars.copyFrom(new int[] {0, 0});
            act.randomize(kernels, stream); // GEMV-vs-cuBLASLt timing at build must not run on zeros

            DecoderPlan plan = new DecoderPlan(spec, memory, kernels, cublasLt, stream, arena, weights, act, type, allReduce);
            this.contextOps = plan.context();
            this.decodeOps = plan.step();
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
        return owned.own(resource);
    }

    /**
     * Builds the engine of the whole model on one GPU: memory planned and checked, weights on the GPU, ops bound, the
     * step graph captured. Tensor-parallel ranks are built together ({@link Decoder#build}, {@link ShardedEngine}).
     */
    public static DecoderEngine build(EngineSpec spec) {
        if (spec.shard().size() != 1) {
            throw new IllegalArgumentException("one engine runs the whole model; world size " + spec.shard().size()
                    + " is built by Decoder.build");
        }
        return new DecoderEngine(spec, null, AllReduce.NONE);
    }

    static void runAll(List<Op> ops) {
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
        int[][] tokens = downloadTokens();
        return new GenerateResult(tokens, firstToken.elapsedMillisSince(start), end.elapsedMillisSince(firstToken),
                end.elapsedMillisSince(start));
    }

    /** Every generated token (batch × outputLen), once the work queued on the stream is done. */
    int[][] downloadTokens() {
        tokensHost.copyFrom(act.outTokens, spec.batch() * spec.outputLen(), stream);
        stream.synchronize();
        int[][] tokens = new int[spec.batch()][spec.outputLen()];
        for (int b = 0; b < spec.batch(); b++) {
            for (int i = 0; i < spec.outputLen(); i++) tokens[b][i] = tokensHost.get(b * spec.outputLen() + i);
        }
        return tokens;
    }

    /** The context phase's ops, for the ranks of a {@link ShardedEngine} to run interleaved. */
    List<Op> contextOps() {
        return contextOps;
    }

    /** One generation step's ops, as {@link #contextOps}. */
    List<Op> stepOps() {
        return decodeOps;
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
        Breakdown.Phase context = Breakdown.Phase.timed(contextOps, stream);
        setCounters(1, spec.inputLen());
        Breakdown.Phase step = Breakdown.Phase.timed(decodeOps, stream);
        return new Breakdown(context, step);
    }

    /** Nodes of the generation step's CUDA graph (kernels, copies, memsets), or -1 without a graph. */
    public long stepGraphNodes() {
        return decodeGraph == null ? -1 : decodeGraph.nodeCount();
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

    void setCounters(int step, int position) {
        countersHost.set(0, step);
        countersHost.set(1, position);
        countersHost.set(2, position + 1);
        countersHost.copyTo(act.counters, 3, stream);
    }

    /** Throws one clear message when {@code prompts} are not batch × inputLen ids of the vocabulary. */
    static void requirePrompts(EngineSpec spec, int[][] prompts) {
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
    }

    void uploadPrompts(int[][] prompts) {
        requirePrompts(spec, prompts);
        int b = spec.batch();
        int t = spec.inputLen();
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

    /** Peak device memory held by llmbench on this engine's GPU, bytes. */
    public long peakDeviceBytes() {
        return DeviceMemory.peak(device.ordinal());
    }

    /** Gives back every GPU resource of the engine, last made first. */
    @Override
    public void close() {
        owned.close();
    }
}
