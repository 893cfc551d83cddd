package dev.llmbench.runtime;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.Arena;
import dev.llmbench.cuda.BoundKernel;
import dev.llmbench.cuda.Bytes;
import dev.llmbench.cuda.Cuda;
import dev.llmbench.cuda.CudaGraph;
import dev.llmbench.cuda.CublasLt;
import dev.llmbench.cuda.DType;
import dev.llmbench.cuda.Device;
import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.cuda.DeviceInfo;
import dev.llmbench.cuda.Event;
import dev.llmbench.cuda.MatmulShape;
import dev.llmbench.cuda.Epilogue;
import dev.llmbench.cuda.KernelModule;
import dev.llmbench.cuda.Kernels;
import dev.llmbench.cuda.DeviceMemory;
import dev.llmbench.cuda.Stream;
import dev.llmbench.families.Families;
import dev.llmbench.layers.Attention;
import dev.llmbench.layers.BlockBuffers;
import dev.llmbench.layers.DecoderBlock;
import dev.llmbench.layers.LayerContext;
import dev.llmbench.layers.Mlp;
import dev.llmbench.layers.Op;
import dev.llmbench.model.Activation;
import dev.llmbench.model.BlockLayout;
import dev.llmbench.model.Mode;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Precision;
import dev.llmbench.model.Shard;
import dev.llmbench.weights.WeightLayout;
import dev.llmbench.weights.WeightShape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An encoder (BERT, RoBERTa) on one GPU, built for one shape (batch × inputLen tokens): token, position and
 * token-type-0 embeddings, the embedding LayerNorm, then post-norm blocks whose attention is bidirectional
 * over each sequence's length (the flash-attention kernel attention_encoder in the fused modes where the heads
 * fit the tensor cores, else the layers' unfused path), and where the model has a pooler its pooled output,
 * tanh(W · each sequence's first row + b), as one product over the first rows (a strided input) and the
 * bias/tanh kernel in every mode. The pass is captured once as a CUDA graph unless the spec says not to.
 * {@link #encode} returns the last hidden states, {@link #pooled} the pooled output. The same layers as the decoders', in the
 * composition of the CPU encoder reference ({@code reference.EncoderReference}).
 */
public final class EncoderEngine implements AutoCloseable {
    /**
     * What an encoder engine is built for.
     *
     * @param cudaGraph replay the forward pass from a CUDA graph captured at build (else launch its kernels one by
     *                  one: about a hundred launches a pass, most of a small batch's time)
     */
    public record Spec(ModelConfig config, Precision precision, Mode mode, int batch, int inputLen, WeightSource weights,
                       int device, boolean cudaGraph) {
        /** Throws one clear line when the spec cannot run (before any GPU work). */
        public void validate() {
            if (!config.arch().encoder()) throw new LlmbenchException(config.name() + " is a decoder, not an encoder");
            Families.requireImplemented(config);
            if (batch < 1 || inputLen < 1) {
                throw new LlmbenchException("batch " + batch + " and input length " + inputLen + " must be at least 1");
            }
            config.batchBeyondLimits(batch).or(() -> config.lengthsBeyondLimits(inputLen, 0)).ifPresent(problem -> {
                throw new LlmbenchException(problem);
            });
        }
    }

    private final Spec spec;
    private final DeviceInfo device;
    private final Stream stream;
    private final List<Op> ops;
    private final CudaGraph graph; // the forward pass, or null (Spec.cudaGraph false)
    private final DeviceBuffer tokens;
    private final DeviceBuffer lengths;
    private final DeviceBuffer hidden;
    private final DeviceBuffer pooled; // (B, C), null without a pooler
    private final Event start;
    private final Event end;
    private final OwnedResources owned = new OwnedResources();
    private final double buildSeconds;

    private EncoderEngine(Spec spec) {
        long t0 = System.nanoTime();
        spec.validate();
        this.spec = spec;
        ModelConfig c = spec.config();
        Device dev = Device.open(spec.device());
        this.device = dev.info();
        DType type = Numerics.of(spec.precision()).denseType();
        Kernels kernels = new Kernels(KernelModule.of(dev));
        long n = (long) spec.batch() * spec.inputLen();
        long heads = (long) c.numHeads() * c.headDim();
        List<Activations.BufferSpec> buffers = new ArrayList<>(List.of(
                new Activations.BufferSpec("tokens", DType.I32, n),
                new Activations.BufferSpec("sequence lengths", DType.I32, spec.batch()),
                new Activations.BufferSpec("position 0", DType.I32, 1),
                new Activations.BufferSpec("residual", type, n * c.hiddenSize()),
                new Activations.BufferSpec("qkv", type, n * c.qkvSize()),
                new Activations.BufferSpec("attention", type, n * heads),
                new Activations.BufferSpec("projected", type, n * c.hiddenSize()),
                new Activations.BufferSpec("mlp up", type, n * c.mlpUpSize())));
        if (!Attention.encoderFused(spec.mode(), type, c.headDim())) {
            // the unfused path's scores, heads and K/V (the fused kernel reads q, k, v from the QKV activations):
            // the scores alone are 402 MB for bert_base at 64 x 512 in float16
            buffers.addAll(List.of(
                    new Activations.BufferSpec("attention scores", type, spec.batch() * c.numHeads() * (long) spec.inputLen() * spec.inputLen()),
                    new Activations.BufferSpec("attention heads out", type, n * heads),
                    new Activations.BufferSpec("k", type, n * c.numKvHeads() * c.headDim()),
                    new Activations.BufferSpec("v", type, n * c.numKvHeads() * c.headDim())));
        }
        if (c.arch().pooler()) buffers.add(new Activations.BufferSpec("pooled", type, (long) spec.batch() * c.hiddenSize()));
        long bytes = MemoryPlan.CUBLASLT_WORKSPACE + Arena.ALIGNMENT;
        bytes += DeviceWeights.arenaBytes(c, Shard.WHOLE, WeightFormat.dense(type));
        for (Activations.BufferSpec b : buffers) bytes += Arena.footprint(b.type(), b.elements());
        long free = Cuda.memoryInfo()[0];
        if (bytes > free) {
            throw new LlmbenchException(String.format("%s in %s at batch %d × %d tokens needs %s on the GPU but %s has %s free",
                    c.name(), spec.precision().id(), spec.batch(), spec.inputLen(), Bytes.human(bytes), device.name(), Bytes.human(free)));
        }
        try {
            this.stream = own(new Stream());
            this.start = own(new Event());
            this.end = own(new Event());
            Arena arena = own(Arena.create("encoder arena for " + c.name(), bytes));
            DeviceBuffer workspace = arena.allocate("cublasLt workspace", DType.F32, MemoryPlan.CUBLASLT_WORKSPACE / 4);
            CublasLt cublasLt = own(new CublasLt(stream, workspace));
            DeviceWeights w = new DeviceWeights(c, Shard.WHOLE, WeightFormat.dense(type), spec.weights(), arena, kernels, stream);
            Map<String, DeviceBuffer> b = new HashMap<>(); // by name; absent: not allocated (null)
            long seed = 0x5eed; // build-time tuning (cuBLASLt, GEMV) must not time uninitialised memory
            for (Activations.BufferSpec need : buffers) {
                DeviceBuffer buffer = arena.allocate(need.name(), need.type(), need.elements());
                if (need.type() != DType.I32) kernels.initUniform(buffer, seed++, 1f, 0f).run(stream);
                b.put(need.name(), buffer);
            }
            stream.synchronize();
            this.tokens = b.get("tokens");
            this.lengths = b.get("sequence lengths");
            DeviceBuffer pos0 = b.get("position 0");
            pos0.copyFrom(new int[] {0});
            this.hidden = b.get("residual");
            BlockBuffers buf = new BlockBuffers(hidden, null, null, b.get("qkv"), b.get("attention"), b.get("projected"),
                    b.get("mlp up"), null, null, null, b.get("attention scores"), b.get("attention heads out"));
            this.pooled = b.get("pooled");
            this.ops = ops(new LayerContext(c, type, spec.mode(), kernels, cublasLt, stream), kernels, w, buf, pos0, b.get("k"),
                    b.get("v"));
            // One pass at build on token 0, full lengths, as the decoder's context phase: every cuBLASLt shape gets
            // its plan here, not inside the capture or the first timed pass.
            tokens.fillBytes(0);
            int[] full = new int[spec.batch()];
            Arrays.fill(full, spec.inputLen());
            lengths.copyFrom(full);
            runOps();
            stream.synchronize();
            // the ops read tokens and lengths from device buffers, so one capture serves every upload
            this.graph = spec.cudaGraph() ? own(CudaGraph.capture(stream, this::runOps)) : null;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.buildSeconds = (System.nanoTime() - t0) / 1e9;
    }

    /** The embeddings into the residual stream, the embedding norm, then the blocks. */
    private List<Op> ops(LayerContext ctx, Kernels kernels, DeviceWeights w, BlockBuffers buf, DeviceBuffer pos0,
                         DeviceBuffer k, DeviceBuffer v) {
        ModelConfig c = spec.config();
        int rows = spec.batch() * spec.inputLen();
        List<Op> ops = new ArrayList<>();
        BoundKernel embed = kernels.embedding(buf.residual(), tokens, w.get(WeightLayout.EMBED), w.get(WeightLayout.POS_EMBED),
                rows, spec.inputLen(), c.hiddenSize(), pos0, c.arch().positions().offset());
        // every token is of type 0: its row of the token-type table is added to every row
        DeviceBuffer typeZero = w.get(WeightLayout.TYPE_EMBED).slice("token type 0", 0, c.hiddenSize());
        BoundKernel addType = kernels.biasAct(buf.residual(), typeZero, rows, c.hiddenSize(), 0);
        ops.add(Op.of("embedding", () -> {
            embed.run(stream);
            addType.run(stream);
        }));
        ops.add(w.norm(ctx, WeightLayout.EMBED_NORM).addAndNormalize(buf.residual(), null, buf.residual(), rows));
        for (int l = 0; l < c.numLayers(); l++) {
            String p = WeightLayout.layer(l);
            Attention attention = new Attention(ctx, w.linear(ctx, p + "qkv", c.qkvSize(), c.hiddenSize()),
                    w.linear(ctx, p + "attn_out", c.hiddenSize(), c.numHeads() * c.headDim()), k, v, spec.inputLen(), null, lengths);
            Mlp mlp = new Mlp(ctx, w.linear(ctx, p + "mlp_up", c.mlpUpSize(), c.hiddenSize()),
                    w.linear(ctx, p + "mlp_down", c.hiddenSize(), c.mlpSize()));
            DecoderBlock block = new DecoderBlock(ctx, BlockLayout.POST_NORM, w.norm(ctx, p + "attn_norm"), w.norm(ctx, p + "mlp_norm"),
                    attention, mlp);
            ops.addAll(block.context(buf, null, spec.batch(), spec.inputLen(), pos0));
        }
        if (pooled != null) ops.add(pooler(ctx, kernels, w, buf.residual()));
        return ops;
    }

    /**
     * pooled (B, C) = tanh(first rows (B, C; a row every inputLen rows of the hidden states) W^T + b). In plugin mode
     * the bias rides in cuBLASLt's epilogue (one rounding before the tanh, as Hugging Face's addmm); in the other
     * modes the bias/activation kernel adds it, as those modes do for every product.
     */
    private Op pooler(LayerContext ctx, Kernels kernels, DeviceWeights w, DeviceBuffer hiddenStates) {
        int c = spec.config().hiddenSize(), b = spec.batch();
        DeviceBuffer weight = w.get(WeightLayout.POOLER), bias = w.get(WeightLayout.POOLER_BIAS);
        boolean fused = ctx.fused();
        MatmulShape firstRows = new MatmulShape(ctx.type(), false, true, b, c, c, spec.inputLen() * c, c, c, 1, 0, 0, 0,
                fused ? Epilogue.BIAS : Epilogue.NONE);
        BoundKernel tanh = kernels.biasAct(pooled, fused ? null : bias, b, c, Activation.TANH.kernelCode);
        return Op.of("pooler", () -> {
            ctx.cublasLt().matmul(firstRows, hiddenStates, weight, pooled, fused ? bias : null);
            tanh.run(stream);
        });
    }

    private <T extends AutoCloseable> T own(T resource) {
        return owned.own(resource);
    }

    public static EncoderEngine build(Spec spec) {
        return new EncoderEngine(spec);
    }

    /**
     * One forward pass: {@code ids} (batch × inputLen; a sequence shorter than inputLen is padded at the end,
     * {@code lengths[b]} its tokens) → the last hidden states, per sequence (inputLen × hidden, row-major; the
     * padding rows are computed but attend to the sequence's tokens only, and mean nothing).
     */
    public float[][] encode(int[][] ids, int[] sequenceLengths) {
        upload(ids, sequenceLengths);
        forward();
        int b = spec.batch(), t = spec.inputLen(), c = spec.config().hiddenSize();
        float[] all = hidden.toFloats();
        float[][] out = new float[b][];
        for (int s = 0; s < b; s++) out[s] = java.util.Arrays.copyOfRange(all, s * t * c, (s + 1) * t * c);
        return out;
    }

    /** The pooled output of the last forward pass, per sequence (hidden); throws for a model without a pooler. */
    public float[][] pooled() {
        if (pooled == null) throw new LlmbenchException(spec.config().name() + " has no pooler");
        int c = spec.config().hiddenSize();
        float[] all = pooled.toFloats();
        float[][] out = new float[spec.batch()][];
        for (int s = 0; s < out.length; s++) out[s] = java.util.Arrays.copyOfRange(all, s * c, (s + 1) * c);
        return out;
    }

    /**
     * Copies the batch's ids and lengths to the GPU for the next {@link #forward} (as {@link #encode} takes them).
     */
    public void upload(int[][] ids, int[] sequenceLengths) {
        int b = spec.batch(), t = spec.inputLen();
        if (ids.length != b || sequenceLengths.length != b) {
            throw new LlmbenchException("the engine encodes " + b + " sequences, got " + ids.length);
        }
        int[] flat = new int[b * t];
        for (int s = 0; s < b; s++) {
            if (ids[s].length != t) throw new LlmbenchException("sequence " + s + " has " + ids[s].length + " ids, not " + t);
            if (sequenceLengths[s] < 1 || sequenceLengths[s] > t) {
                throw new LlmbenchException("sequence " + s + ": length " + sequenceLengths[s] + " outside 1.." + t);
            }
            for (int i = 0; i < t; i++) {
                spec.config().requireToken(ids[s][i], " of sequence " + s);
                flat[s * t + i] = ids[s][i];
            }
        }
        tokens.copyFrom(flat);
        lengths.copyFrom(sequenceLengths);
    }

    /**
     * One forward pass over the uploaded batch, GPU work complete on return (the hidden states stay on the GPU);
     * its GPU time, ms, also in {@link #lastMillis}.
     */
    public double forward() {
        start.record(stream);
        if (graph != null) graph.replay(stream);
        else runOps();
        end.record(stream);
        stream.synchronize();
        return lastMillis();
    }

    /**
     * Where the time of one forward pass over the uploaded batch goes: its ops run one by one with a CUDA event
     * after each, summed per op family (event gaps make the total a little above {@link #forward}'s).
     */
    public Breakdown breakdown() {
        return Breakdown.contextOnly(Breakdown.Phase.timed(ops, stream));
    }

    private void runOps() {
        for (Op op : ops) op.run();
    }

    /** GPU time of the last forward pass ({@link #encode} or {@link #forward}), ms. */
    public double lastMillis() {
        return end.elapsedMillisSince(start);
    }

    public DeviceInfo device() {
        return device;
    }

    /** Seconds from the spec to a runnable engine (weights made and uploaded, products tuned). */
    public double buildSeconds() {
        return buildSeconds;
    }

    /** The most GPU memory this process has held through the engine's allocations, bytes. */
    public long peakDeviceBytes() {
        return DeviceMemory.peak();
    }

    @Override
    public void close() {
        owned.close();
    }
}
