package dev.llmbench.cuda;

import dev.llmbench.LlmbenchException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.ShortPointer;

import static org.bytedeco.cuda.global.cudart.*;

/**
 * A typed region of device memory: either owning its own cudaMalloc ({@link #allocate}) or a view into an
 * {@link Arena} or another buffer ({@link #slice}). Host copies here are synchronous and meant for setup
 * and tests; the engine's hot path uses stream-ordered copies.
 */
public final class DeviceBuffer implements AutoCloseable {
    private final String name;
    private final DType type;
    private final long elements;
    private final long address;
    private final Pointer pointer;
    private final boolean owning;
    private boolean closed;

    DeviceBuffer(String name, DType type, long elements, long address, boolean owning) {
        this.name = name;
        this.type = type;
        this.elements = elements;
        this.address = address;
        this.pointer = new DevicePointer(address);
        this.owning = owning;
    }

    /** A buffer with its own device allocation. */
    public static DeviceBuffer allocate(String name, DType type, long elements) {
        if (elements <= 0) throw new IllegalArgumentException(name + ": elements must be > 0, got " + elements);
        long address = DeviceMemory.allocate(elements * type.bytes, name);
        return new DeviceBuffer(name, type, elements, address, true);
    }

    /** A view of {@code count} elements from element {@code offset}; it never frees anything. */
    public DeviceBuffer slice(String sliceName, long offset, long count) {
        if (offset < 0 || count <= 0 || offset + count > elements) {
            throw new IllegalArgumentException(String.format("%s: slice [%d, %d) outside %d elements", name, offset,
                    offset + count, elements));
        }
        return new DeviceBuffer(sliceName, type, count, address + offset * type.bytes, false);
    }

    public String name() {
        return name;
    }

    public DType type() {
        return type;
    }

    public long elements() {
        return elements;
    }

    public long bytes() {
        return elements * type.bytes;
    }

    /** The device address (what a kernel argument holds). */
    public long address() {
        ensureOpen();
        return address;
    }

    /** JavaCPP pointer to the device address, made once (no garbage per use). */
    public Pointer pointer() {
        ensureOpen();
        return pointer;
    }

    public void copyFrom(float[] host) {
        requireType(DType.F32, host.length);
        try (FloatPointer p = new FloatPointer(host)) {
            copyIn(p);
        }
    }

    public void copyFrom(int[] host) {
        requireType(DType.I32, host.length);
        try (IntPointer p = new IntPointer(host)) {
            copyIn(p);
        }
    }

    /** Uploads int8 codes into an I8 buffer. */
    public void copyFrom(byte[] host) {
        requireType(DType.I8, host.length);
        try (BytePointer p = new BytePointer(host)) {
            copyIn(p);
        }
    }

    /** Uploads fp32 values rounded to this buffer's type (F32, F16 or BF16). */
    public void copyFromFloats(float[] host) {
        if (type == DType.F32) {
            copyFrom(host);
            return;
        }
        requireSize(host.length);
        short[] bits = new short[host.length];
        for (int i = 0; i < host.length; i++) {
            bits[i] = type == DType.F16 ? HalfFloats.floatToF16(host[i]) : HalfFloats.floatToBf16(host[i]);
        }
        try (ShortPointer p = new ShortPointer(bits)) {
            copyIn(p);
        }
    }

    /** Downloads the contents as fp32 (F16/BF16 converted exactly). */
    public float[] toFloats() {
        float[] out = new float[checkedLength()];
        switch (type) {
            case F32 -> {
                try (FloatPointer p = new FloatPointer(out.length)) {
                    copyOut(p);
                    p.get(out);
                }
            }
            case F16, BF16 -> {
                short[] bits = new short[out.length];
                try (ShortPointer p = new ShortPointer(out.length)) {
                    copyOut(p);
                    p.get(bits);
                }
                for (int i = 0; i < out.length; i++) {
                    out[i] = type == DType.F16 ? HalfFloats.f16ToFloat(bits[i]) : HalfFloats.bf16ToFloat(bits[i]);
                }
            }
            default -> throw new IllegalStateException(name + " holds " + type + ", not floating point");
        }
        return out;
    }

    public int[] toInts() {
        if (type != DType.I32) throw new IllegalStateException(name + " holds " + type + ", not I32");
        int[] out = new int[checkedLength()];
        try (IntPointer p = new IntPointer(out.length)) {
            copyOut(p);
            p.get(out);
        }
        return out;
    }

    public byte[] toBytes() {
        if (type != DType.I8) throw new IllegalStateException(name + " holds " + type + ", not I8");
        byte[] out = new byte[checkedLength()];
        try (BytePointer p = new BytePointer(out.length)) {
            copyOut(p);
            p.get(out);
        }
        return out;
    }

    /**
     * Copies {@code source}, of this buffer's type and size, into this buffer on {@code stream}: asynchronous, so a
     * CUDA graph captures it.
     */
    public void copyFrom(DeviceBuffer source, Stream stream) {
        if (source.type != type || source.elements != elements) {
            throw new IllegalArgumentException("cannot copy " + source.describe() + " into " + describe());
        }
        Cuda.check(cudaMemcpyAsync(pointer(), source.pointer(), bytes(), cudaMemcpyDeviceToDevice, stream.handle()),
                "cudaMemcpyAsync", "copying " + source.describe() + " into " + describe());
    }

    /** Sets every byte to {@code value} (e.g. 0xFF poisons fp buffers with NaN). Synchronous. */
    public void fillBytes(int value) {
        Cuda.check(cudaMemset(pointer(), value, bytes()), "cudaMemset", "filling " + describe());
        settle();
    }

    private void copyIn(Pointer host) {
        Cuda.check(cudaMemcpy(pointer(), host, bytes(), cudaMemcpyHostToDevice), "cudaMemcpy", "uploading " + describe());
        settle();
    }

    /**
     * cudaMemset, and cudaMemcpy from pageable memory, may return before the device has finished; the
     * engine's non-blocking streams do not wait for the legacy stream they run on. Waiting here makes
     * these setup copies complete before any later stream work reads the buffer.
     */
    private void settle() {
        Cuda.check(cudaStreamSynchronize(null), "cudaStreamSynchronize", "finishing a copy into " + describe());
    }

    private void copyOut(Pointer host) {
        Cuda.check(cudaMemcpy(host, pointer(), bytes(), cudaMemcpyDeviceToHost), "cudaMemcpy", "downloading " + describe());
    }

    private int checkedLength() {
        if (elements > Integer.MAX_VALUE) throw new LlmbenchException(name + " is too large to copy into one Java array");
        return (int) elements;
    }

    private void requireType(DType expected, int length) {
        if (type != expected) throw new IllegalArgumentException(name + " holds " + type + ", not " + expected);
        requireSize(length);
    }

    private void requireSize(int length) {
        if (length != elements) {
            throw new IllegalArgumentException(name + " holds " + elements + " elements, host array has " + length);
        }
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException(name + " is closed");
    }

    public String describe() {
        return name + " (" + type + " x " + elements + ", " + Bytes.human(bytes()) + ")";
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (owning) DeviceMemory.free(address, bytes());
    }
}
