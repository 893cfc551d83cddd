package dev.llmbench.cuda;

import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;

import static org.bytedeco.cuda.global.cudart.*;

/**
 * Page-locked host ints: stream-ordered copies to and from the device that do not block the host
 * (prompt tokens in, generated tokens out, the decode loop's counters).
 */
public final class PinnedInts implements AutoCloseable {
    private final IntPointer data;
    private final int length;
    private boolean closed;

    public PinnedInts(int length) {
        CudaLibraries.requireRuntime();
        Pointer p = new Pointer();
        Cuda.check(cudaMallocHost(p, 4L * length), "cudaMallocHost", "pinning " + length + " ints");
        this.data = new IntPointer(p).capacity(length);
        this.length = length;
    }

    public void set(int index, int value) {
        data.put(index, value);
    }

    public int get(int index) {
        return data.get(index);
    }

    public void set(int[] values) {
        if (values.length > length) throw new IllegalArgumentException(values.length + " ints do not fit " + length);
        data.put(values, 0, values.length);
    }

    public int length() {
        return length;
    }

    /** Copies the first {@code count} ints to {@code target} on {@code stream}. */
    public void copyTo(DeviceBuffer target, int count, Stream stream) {
        check(target, count);
        Cuda.check(cudaMemcpyAsync(target.pointer(), data, 4L * count, cudaMemcpyHostToDevice, stream.handle()),
                "cudaMemcpyAsync", "uploading " + count + " ints to " + target.name());
    }

    /** Copies {@code count} ints from {@code source} on {@code stream}; valid after the stream synchronises. */
    public void copyFrom(DeviceBuffer source, int count, Stream stream) {
        check(source, count);
        Cuda.check(cudaMemcpyAsync(data, source.pointer(), 4L * count, cudaMemcpyDeviceToHost, stream.handle()),
                "cudaMemcpyAsync", "downloading " + count + " ints from " + source.name());
    }

    private void check(DeviceBuffer b, int count) {
        if (b.type() != DType.I32 || b.elements() < count || count > length) {
            throw new IllegalArgumentException("cannot copy " + count + " ints between " + b.describe() + " and " + length + " pinned");
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Cuda.check(cudaFreeHost(data), "cudaFreeHost");
    }
}
