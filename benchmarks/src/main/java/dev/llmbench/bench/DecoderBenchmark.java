package dev.llmbench.bench;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.jmh.GpuRunStats;
import dev.llmbench.bench.jmh.RunCeilings;
import dev.llmbench.bench.jmh.SmClock;
import dev.llmbench.bench.jmh.KernelsProfiler;
import dev.llmbench.bench.params.DecoderParam;
import dev.llmbench.bench.params.DecoderParam.Defaults;
import dev.llmbench.bench.params.DecoderTrial;
import dev.llmbench.bench.params.SkippedTrial;
import dev.llmbench.bench.world.Cluster;
import dev.llmbench.cuda.DeviceMemory;
import dev.llmbench.runtime.Decoder;
import dev.llmbench.runtime.EngineSpec;
import dev.llmbench.runtime.GenerateResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Greedy generation with a decoder model (docs/models.md says which run) on one GPU, as TensorRT-LLM's
 * benchmarks/python measures it: a batch of random prompts of inputLen tokens, exactly outputLen new
 * tokens each, random weights of the named model's architecture (the numbers of a real checkpoint's
 * speed; the values do not change it).
 *
 * <ul>
 *   <li>{@link #generate}: the whole generate — context phase plus outputLen − 1 generation steps, GPU
 *       work complete (latency; SampleTime gives p95/p99). Inside each call CUDA events also time the
 *       context phase and the steps, reported as the secondary metrics ttft_ms and generation_time_ms.</li>
 *   <li>{@link #contextPhase}: prompts in, first token out (time to first token).</li>
 *   <li>{@link #generationStep}: one generation step against a filled KV cache (time per output token).</li>
 * </ul>
 *
 * The engine is built once per trial (parameter combination); its build time, peak GPU memory and the
 * GPU's compute capability join the result as secondary metrics. Run, e.g.:
 * {@code java -jar target/benchmarks.jar DecoderBenchmark.generate -p batchSize=1,8,64 -p inputOutputLen=60:20,128:20}
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class DecoderBenchmark {
    /** A registry name of a decoder (docs/models.md). */
    @Param(Defaults.MODEL)
    public String model;

    /** plugin, ootb-except-mha or ootb. */
    @Param(Defaults.MODE)
    public String mode;

    /** float32, float16 or bfloat16. */
    @Param(Defaults.PRECISION)
    public String precision;

    /** none, or a TensorRT-LLM --quantization value the engine runs (int8_weight_only). */
    @Param(Defaults.QUANTIZATION)
    public String quantization;

    @Param(Defaults.BATCH_SIZE)
    public int batchSize;

    /** input and output length as IN:OUT (JMH splits -p values on commas). */
    @Param(Defaults.INPUT_OUTPUT_LEN)
    public String inputOutputLen;

    /** Overrides of the model's limits (TensorRT-LLM's --max_batch_size etc.); 0 keeps the registry's. */
    @Param(Defaults.MODEL_LIMIT)
    public int maxBatchSize;

    @Param(Defaults.MODEL_LIMIT)
    public int maxInputLen;

    @Param(Defaults.MODEL_LIMIT)
    public int maxSeqLen;

    /** Replay the generation step from a CUDA graph. */
    @Param(Defaults.CUDA_GRAPH)
    public boolean cudaGraph;

    /**
     * GPUs of this process the model is split over (tensor parallelism: rank r on device r, NCCL between them); the
     * trial fails with one line where the host has fewer GPUs or the heads or MLP do not split.
     */
    @Param(Defaults.WORLD_SIZE)
    public int worldSize;

    private Decoder engine;
    private int[][] prompts;
    private int outputLen;
    private int step;

    @Setup(Level.Trial)
    public void build() {
        // the run's ceilings (measured by its first trial, on a GPU not yet holding a model), for the floor columns
        RunCeilings.of(0).ifPresent(GpuRunStats::ceilings);
        // the peak of this trial alone: without forks (-f 0, or rank 0 of several processes) an earlier trial's would remain
        DeviceMemory.resetPeak();
        Map<String, String> params = new LinkedHashMap<>();
        params.put(DecoderParam.MODEL.id, model);
        params.put(DecoderParam.MODE.id, mode);
        params.put(DecoderParam.PRECISION.id, precision);
        params.put(DecoderParam.QUANTIZATION.id, quantization);
        params.put(DecoderParam.BATCH_SIZE.id, String.valueOf(batchSize));
        params.put(DecoderParam.INPUT_OUTPUT_LEN.id, inputOutputLen);
        params.put(DecoderParam.MAX_BATCH_SIZE.id, String.valueOf(maxBatchSize));
        params.put(DecoderParam.MAX_INPUT_LEN.id, String.valueOf(maxInputLen));
        params.put(DecoderParam.MAX_SEQ_LEN.id, String.valueOf(maxSeqLen));
        params.put(DecoderParam.CUDA_GRAPH.id, String.valueOf(cudaGraph));
        params.put(DecoderParam.WORLD_SIZE.id, String.valueOf(worldSize));
        params.put(DecoderTrial.PROMPT_SEED, String.valueOf(System.nanoTime()));
        DecoderTrial trial;
        try {
            trial = DecoderTrial.of(params);
            trial.spec().validate(); // also refuses an encoder (the encoder benchmark runs it)
        } catch (LlmbenchException e) {
            throw new SkippedTrial(e.getMessage());
        }
        EngineSpec spec = trial.spec();
        outputLen = spec.outputLen();
        prompts = trial.prompts();
        // several processes (a launcher's ranks): this one's GPUs joined to the others', which build the same trial
        engine = Cluster.current().map(c -> c.decoder(spec, params)).orElseGet(() -> Decoder.build(spec));
        System.out.printf("# llmbench: built %s on %s in %.2f s (memory plan %.2f GiB, %d flash-decoding splits)%n", describe(),
                engine.device().name(), engine.buildSeconds(), engine.memoryPlan().total() / (double) (1L << 30),
                engine.memoryPlan().decodeSplits());
        engine.generate(prompts); // fills the KV cache for generationStep and warms every path once
        GpuRunStats.trialBuilt(engine.buildSeconds(), engine.device().ccMajor() * 10 + engine.device().ccMinor());
        RunCeilings.describe(engine.device()); // the GPU, for the run's JSON
        GpuRunStats.peakMemory(engine.peakDeviceBytes() / (double) (1L << 30));
    }

    /** Under {@code -prof kernels}: the op-by-op breakdown of this trial's shape, timed after the iteration. */
    @TearDown(Level.Iteration)
    public void publishBreakdown() {
        GpuRunStats.smClock(SmClock.sample(engine.device().ordinal())); // first: the clock of the iteration's last call
        if (KernelsProfiler.requested()) KernelsProfiler.publish(engine.breakdown(prompts), engine.stepGraphNodes());
    }

    @TearDown(Level.Trial)
    public void close() {
        if (engine != null) engine.close();
        engine = null;
    }

    @Benchmark
    public int[][] generate() {
        GenerateResult r = engine.generate(prompts);
        GpuRunStats.generated(r.ttftMillis(), r.generationMillis(), (long) batchSize * outputLen);
        return r.tokens();
    }

    @Benchmark
    public void contextPhase() {
        engine.contextPhase(prompts);
    }

    @Benchmark
    public void generationStep() {
        if (outputLen < 2) return;
        step = step % (outputLen - 1) + 1;
        engine.generationStep(step);
    }

    private String describe() {
        return String.format("%s %s %s batch %d in,out %s", model, precision, mode, batchSize, inputOutputLen.replace(':', ','));
    }
}
