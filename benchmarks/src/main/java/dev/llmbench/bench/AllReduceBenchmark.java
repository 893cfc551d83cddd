package dev.llmbench.bench;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.jmh.GpuRunStats;
import dev.llmbench.cuda.DType;
import dev.llmbench.cuda.Device;
import dev.llmbench.cuda.DeviceBuffer;
import dev.llmbench.cuda.DeviceInfo;
import dev.llmbench.cuda.Event;
import dev.llmbench.cuda.KernelModule;
import dev.llmbench.cuda.Kernels;
import dev.llmbench.cuda.NcclCommunicator;
import dev.llmbench.cuda.Stream;
import dev.llmbench.model.Precision;
import dev.llmbench.runtime.Numerics;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * NCCL's all-reduce (sum) as nccl-tests' all_reduce_perf measures it, the collective tensor parallelism runs after
 * every row-parallel product: one message of {@code bytes} in {@code precision} on each of {@code worldSize} GPUs of
 * this process (ranks 0..worldSize-1 on devices 0..worldSize-1, driven from the benchmark thread as one NCCL
 * group), out of place, every call waited for on all ranks. Besides the call's latency, the GPU time of each call
 * (CUDA events on rank 0's stream) gives the secondary metrics {@code allreduce_gpu_us}, {@code algbw_gbps} and
 * {@code busbw_gbps} as nccl-tests defines them (bus bandwidth 0 for one rank). Run, e.g.:
 * {@code java -jar target/benchmarks.jar AllReduceBenchmark -p worldSize=1,2 -p precision=float16}
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class AllReduceBenchmark {
    /** Message size per rank in bytes (a whole number of elements): nccl-tests' range is 8 B to 1 GiB. */
    @Param({"8", "1024", "65536", "1048576", "16777216", "268435456", "1073741824"})
    public long bytes;

    /** float32, float16 or bfloat16. */
    @Param({"float16"})
    public String precision;

    /** GPUs of this process taking part, one rank each. */
    @Param({"1"})
    public int worldSize;

    private final List<Device> devices = new ArrayList<>();
    private final List<Stream> streams = new ArrayList<>();
    private final List<DeviceBuffer[]> buffers = new ArrayList<>(); // per rank: send, recv
    private NcclCommunicator[] ranks;
    private Event start;
    private Event end;

    @Setup(Level.Trial)
    public void open() {
        long t0 = System.nanoTime();
        DType type = Numerics.of(Precision.parse(precision)).activations();
        if (bytes < type.bytes || bytes % type.bytes != 0) {
            throw new LlmbenchException("-p bytes=" + bytes + ": a message of " + precision + " is a whole number of "
                    + type.bytes + "-byte elements");
        }
        int visible = Device.count();
        if (worldSize < 1 || worldSize > visible) {
            throw new LlmbenchException("-p worldSize=" + worldSize + ": this host has " + visible + " GPU(s); the"
                    + " all-reduce takes one rank per GPU");
        }
        long elements = bytes / type.bytes;
        int[] ordinals = new int[worldSize];
        try {
            for (int r = 0; r < worldSize; r++) {
                ordinals[r] = r;
                Device device = Device.open(r);
                devices.add(device);
                Stream stream = new Stream();
                streams.add(stream);
                Kernels kernels = new Kernels(KernelModule.of(device));
                DeviceBuffer send = DeviceBuffer.allocate("all-reduce send, rank " + r, type, elements);
                DeviceBuffer recv = DeviceBuffer.allocate("all-reduce recv, rank " + r, type, elements);
                buffers.add(new DeviceBuffer[] {send, recv});
                kernels.initUniform(send, 0x5eedL + r, 1f, 0f).run(stream); // never all-zero data
                stream.synchronize();
            }
            ranks = NcclCommunicator.initAll(ordinals);
            devices.get(0).makeCurrent();
            start = new Event();
            end = new Event();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        // build time: buffers, their random contents and the communicators
        DeviceInfo first = devices.get(0).info();
        GpuRunStats.trialBuilt((System.nanoTime() - t0) / 1e9, first.ccMajor() * 10 + first.ccMinor());
    }

    @TearDown(Level.Trial)
    public void close() {
        for (int r = buffers.size() - 1; r >= 0; r--) {
            devices.get(r).makeCurrent();
            for (DeviceBuffer b : buffers.get(r)) b.close();
        }
        if (!devices.isEmpty()) devices.get(0).makeCurrent();
        if (start != null) start.close();
        if (end != null) end.close();
        for (Stream s : streams) s.close();
        if (ranks != null) for (NcclCommunicator c : ranks) c.close();
        buffers.clear();
        streams.clear();
        devices.clear();
        ranks = null;
    }

    @Benchmark
    public void allReduce() {
        Stream first = streams.get(0);
        start.record(first);
        NcclCommunicator.group(() -> {
            for (int r = 0; r < ranks.length; r++) {
                ranks[r].allReduceSum(buffers.get(r)[0], buffers.get(r)[1], streams.get(r));
            }
        });
        end.record(first);
        for (Stream s : streams) s.synchronize();
        GpuRunStats.allReduced(end.elapsedMillisSince(start), bytes, ranks.length);
    }
}
