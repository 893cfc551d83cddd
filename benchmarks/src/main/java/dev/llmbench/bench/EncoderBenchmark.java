package dev.llmbench.bench;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.jmh.GpuRunStats;
import dev.llmbench.bench.jmh.KernelsProfiler;
import dev.llmbench.bench.jmh.RunCeilings;
import dev.llmbench.bench.jmh.SmClock;
import dev.llmbench.bench.params.DecoderTrial;
import dev.llmbench.bench.params.EncoderParam.Defaults;
import dev.llmbench.bench.params.SkippedTrial;
import dev.llmbench.cuda.DeviceMemory;
import dev.llmbench.families.ModelRegistry;
import dev.llmbench.model.Mode;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Precision;
import dev.llmbench.runtime.EncoderEngine;
import dev.llmbench.runtime.WeightSource;
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

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One forward pass of an encoder (BERT, RoBERTa; docs/models.md) on one GPU, as TensorRT-LLM's
 * benchmarks/python measures its BERT models: a batch of batchSize random sequences of inputLen tokens each,
 * random weights of the named model's architecture, the last hidden states left on the GPU.
 * {@link #encode} is the whole forward pass, GPU work complete (latency; SampleTime gives p95/p99).
 *
 * The engine is built once per trial; its build time, peak GPU memory and the GPU's compute capability join
 * the result as secondary metrics, as for the decoders. Run, e.g.:
 * {@code java -jar target/benchmarks.jar EncoderBenchmark -p model=bert_base,bert_large -p batchSize=1,8,64 -p inputLen=128,512}
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class EncoderBenchmark {
    /** A registry name of an encoder (docs/models.md). */
    @Param(Defaults.MODEL)
    public String model;

    /** plugin, ootb-except-mha or ootb. */
    @Param(Defaults.MODE)
    public String mode;

    /** float32, float16 or bfloat16. */
    @Param(Defaults.PRECISION)
    public String precision;

    @Param(Defaults.BATCH_SIZE)
    public int batchSize;

    /** Tokens per sequence. */
    @Param(Defaults.INPUT_LEN)
    public int inputLen;

    /** Replay the forward pass from a CUDA graph captured at build (false: launch its kernels one by one). */
    @Param(Defaults.CUDA_GRAPH)
    public boolean cudaGraph;

    private EncoderEngine engine;

    @Setup(Level.Trial)
    public void build() {
        RunCeilings.of(0).ifPresent(GpuRunStats::ceilings); // the run's ceilings, for the floor columns
        DeviceMemory.resetPeak(); // this trial's peak alone, also without forks
        ModelConfig config = ModelRegistry.get(model);
        EncoderEngine.Spec spec = new EncoderEngine.Spec(config, Precision.parse(precision), Mode.parse(mode), batchSize, inputLen,
                new WeightSource.Random(DecoderTrial.WEIGHT_SEED), 0, cudaGraph);
        try {
            spec.validate(); // also refuses a decoder (the decoder benchmark runs it)
        } catch (LlmbenchException e) {
            throw new SkippedTrial(e.getMessage());
        }
        engine = EncoderEngine.build(spec);
        System.out.printf("# llmbench: built %s %s %s batch %d input %d on %s in %.2f s%n", model, precision, mode, batchSize,
                inputLen, engine.device().name(), engine.buildSeconds());
        int[][] ids = DecoderTrial.prompts(config.vocabSize(), batchSize, inputLen, System.nanoTime());
        int[] lengths = new int[batchSize];
        Arrays.fill(lengths, inputLen);
        engine.upload(ids, lengths);
        engine.forward(); // warms every path once
        GpuRunStats.trialBuilt(engine.buildSeconds(), engine.device().ccMajor() * 10 + engine.device().ccMinor());
        RunCeilings.describe(engine.device()); // the GPU, for the run's JSON
        GpuRunStats.peakMemory(engine.peakDeviceBytes() / (double) (1L << 30));
    }

    /** Under {@code -prof kernels}: the op-by-op breakdown of this trial's forward pass, timed after the iteration. */
    @TearDown(Level.Iteration)
    public void publishBreakdown() {
        GpuRunStats.smClock(SmClock.sample(engine.device().ordinal())); // first: the clock of the iteration's last call
        if (KernelsProfiler.requested()) KernelsProfiler.publish(engine.breakdown(), -1);
    }

    @TearDown(Level.Trial)
    public void close() {
        if (engine != null) engine.close();
        engine = null;
    }

    @Benchmark
    public double encode() {
        return engine.forward();
    }
}
